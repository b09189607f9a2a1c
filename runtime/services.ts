import type { Logger } from 'pino';
import { FieldCrypto } from '../crypto/field-encryption';
import { openDatabase, type DatabaseHandle } from '../db/connection';
import { migrateDatabase } from '../db/migrate';
import { HttpHisAdapter, hisAdapterOptions } from '../his/http-his-adapter';
import type { HisAdapter } from '../his/his-adapter';
import { YibaoClient } from '../yibao/client';
import type { BureauFilingView } from '../yibao/bureau-view';
import { SimulatedBureauView } from '../yibao/sim/bureau-view';
import { resolveFieldKeys } from '../yibao/secrets';
import type { ApplicationWorkflowSettings } from '../workflows/messages';
import type { AppConfig } from './config';
import { createLogger } from './logger';
import { yibaoClientOptionsFromConfig } from './yibao-client-options';

/** What both the API and the worker hold: the database, field encryption, the one Yibao client, the HIS. */
export interface CoreServices {
  config: AppConfig;
  logger: Logger;
  database: DatabaseHandle;
  fieldCrypto: FieldCrypto;
  yibao: YibaoClient;
  his: HisAdapter;
  close: () => Promise<void>;
}

export async function openCoreServices(
  config: AppConfig,
  name: string,
  logger = createLogger(name, config.LOG_LEVEL)
): Promise<CoreServices> {
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.dataDir,
    embeddedPort: config.EMBEDDED_PG_PORT,
    preparedStatements: config.DATABASE_PREPARED_STATEMENTS
  });
  try {
    await migrateDatabase(database);
    const fieldCrypto = new FieldCrypto(resolveFieldKeys(config));
    const yibao = await YibaoClient.create(yibaoClientOptionsFromConfig(config, database, logger));
    const his = new HttpHisAdapter(hisAdapterOptions(config));
    return {
      config,
      logger,
      database,
      fieldCrypto,
      yibao,
      his,
      close: async () => {
        await yibao.close();
        await database.close();
      }
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export function workflowSettingsFrom(config: AppConfig): ApplicationWorkflowSettings {
  return {
    reviewReminderAfter: config.REVIEW_REMINDER_AFTER,
    filingRetryHorizon: config.FILING_RETRY_HORIZON,
    pollInterval: config.FILING_POLL_INTERVAL,
    decisionDeadline: config.FILING_DECISION_DEADLINE
  };
}

/**
 * Where the bureau's own view of filings comes from (yibao/bureau-view.ts): nowhere against the real
 * platform (`YIBAO_STATUS_SOURCE=query`, the default with YIBAO_BASE_URL), the simulator's control API in
 * development and tests (`simulator`).
 */
export function bureauViewFrom(config: AppConfig): BureauFilingView | undefined {
  const source = config.YIBAO_STATUS_SOURCE ?? (config.YIBAO_BASE_URL ? 'query' : 'simulator');
  return source === 'query'
    ? undefined
    : new SimulatedBureauView(config.YIBAO_BASE_URL ?? `http://127.0.0.1:${config.YIBAO_SIM_PORT}`);
}
