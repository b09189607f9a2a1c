import type { Express } from 'express';
import { Client, Connection } from '@temporalio/client';
import { createAccountsModule } from '../api/accounts/accounts';
import { createApiApp } from '../api/app';
import { createApplicationKindRoutes } from '../api/applications/application-routes';
import { appendAudit, verifyAuditChain } from '../api/audit/audit-log';
import { createAuditModule } from '../api/audit/audit-routes';
import { authSettingsFrom, createAuthentication } from '../api/auth/auth-routes';
import { startSecurityHousekeeping } from '../api/auth/housekeeping';
import { createAttachmentsModule } from '../api/attachments/attachments';
import { createCataloguesModule } from '../api/catalogues/catalogues';
import { createDualChannelCataloguesModule } from '../api/catalogues/dual-channel-catalogues';
import { createDoctorsModule } from '../api/doctors/doctors';
import { createHelpModule } from '../api/help/help';
import { createInterfaceLogModule, toFilters } from '../api/interface-logs/interface-logs';
import { createYibaoSignInModule } from '../api/yibao-sign-ins/yibao-sign-ins';
import { serveFronts } from '../api/static-fronts';
import { createApplicationSearchModule } from '../api/applications/application-search';
import { createBulkActionsModule } from '../api/applications/bulk-actions';
import { createDashboardModule } from '../api/dashboard/dashboard';
import { createHisDoctorsModule } from '../api/doctors/his-doctors';
import { createInterfaceLogExportModule } from '../api/interface-logs/interface-log-export';
import { createApplicationEvents } from '../api/live-updates/application-events';
import { searchInterfaceLog } from '../yibao/interface-log';
import { assertApplicationConsent } from '../api/patients/consent';
import { createPatientsModule } from '../api/patients/patients';
import type { PersonVerifier } from '../api/patients/person-verifier';
import { applicationKindModules } from '../application-kinds/registry';
import { demoPassword, seedDemoAccounts } from '../db/seed-demo';
import { checkHelpContent } from '../help/check';
import { loadHelpContent } from '../help/content';
import { buildHelpSearch } from '../help/search';
import { chinaDate } from '../domain/china-time';
import {
  seedSampleDualChannelInstitutions,
  seedSampleInstitutions,
  seedSampleSpecialDrugs
} from '../db/seed-reference';
import { dualChannelDrugs } from '../yibao/sim/data';
import { checkRealName } from '../yibao/operations/insured-person';
import { medicationRecords } from '../yibao/operations/medication-records';
import { smsGatewayFromConfig } from '../sms';
import { wechatGatewayFromConfig } from '../wechat';
import { createProcessMetrics, registerApplicationMetrics, startAuditChainCheck } from './metrics';
import { workflowSettingsFrom, type CoreServices } from './services';

export interface ApiRuntime {
  app: Express;
  temporalClient: Client;
  /** Ends the open event streams, so that closing the HTTP server does not wait for them. */
  closeStreams: () => void;
  close: () => Promise<void>;
}

/** The API process: every route module wired to the real services. */
export async function createApiRuntime(core: CoreServices): Promise<ApiRuntime> {
  const { config, database, fieldCrypto } = core;
  const db = database.db;
  // Lazy: the API answers /healthz and reports Temporal in /readyz even when Temporal is down at start.
  const connection = Connection.lazy({ address: config.temporalAddress, connectTimeout: 2000 });
  const temporalClient = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });

  if (config.APP_ENV !== 'production') {
    await seedSampleInstitutions(db);
    // The simulator's 2511 accepts only its own dual-channel drugs: the sample catalogue is that list.
    await seedSampleSpecialDrugs(db, dualChannelDrugs);
    await seedSampleDualChannelInstitutions(db);
  }
  if (config.APP_ENV === 'development')
    await seedDemoAccounts(db, demoPassword(config), { iterations: config.PASSWORD_PBKDF2_ITERATIONS });

  // Loaded once: a file that cannot be served stops the start; a stale source or a broken link is logged.
  const helpContent = loadHelpContent();
  const helpCheck = checkHelpContent(helpContent, chinaDate(new Date()));
  if (helpCheck.problems.length)
    core.logger.warn({ problems: helpCheck.problems }, 'help content check found problems (npm run help:check)');

  const audit = async (entry: Parameters<typeof appendAudit>[1]) => {
    await appendAudit(db, entry);
  };
  /** Real-name check through 1101: the name must match the platform's record of the ID number. */
  const personVerifier: PersonVerifier = { verify: person => checkRealName(core.yibao, person) };
  const searchLog = (filters: Parameters<typeof searchInterfaceLog>[1]) => searchInterfaceLog(db, filters, fieldCrypto);
  const applicationDependencies = {
    db,
    fieldCrypto,
    temporalClient,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowSettings: workflowSettingsFrom(config),
    his: core.his,
    audit,
    assertApplicationConsent: (patientId: string) => assertApplicationConsent(db, patientId),
    medicationRecords: (query: Parameters<typeof medicationRecords>[1]) => medicationRecords(core.yibao, query),
    searchInterfaceLog: searchLog
  };

  const applicationEvents = createApplicationEvents({ db, staffIdleMs: config.SESSION_STAFF_IDLE });

  const authentication = createAuthentication({
    database,
    fieldCrypto,
    settings: authSettingsFrom(config),
    sms: smsGatewayFromConfig(config),
    wechat: wechatGatewayFromConfig(config)
  });
  const metrics = createProcessMetrics();
  registerApplicationMetrics(metrics, {
    db,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workerStaleAfterMs: config.WORKER_STALE_AFTER,
    filingRetryHorizonMs: config.FILING_RETRY_HORIZON,
    decisionDeadlineMs: config.FILING_DECISION_DEADLINE
  });
  const stopAuditCheck = startAuditChainCheck(metrics, {
    verify: () => verifyAuditChain(db),
    intervalMs: config.AUDIT_VERIFY_INTERVAL,
    logger: core.logger
  });
  const app = createApiApp({
    metrics: { source: metrics.registry, token: config.METRICS_TOKEN },
    database,
    temporalClient,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workerStaleAfterMs: config.WORKER_STALE_AFTER,
    logger: core.logger,
    corsOrigins: config.CORS_ORIGINS,
    authenticate: authentication.authenticate,
    resolveUser: authentication.resolveUser,
    staticFronts: serveFronts(),
    modules: [
      authentication.module,
      createPatientsModule({ database, fieldCrypto, personVerifier, maxDependants: config.PATIENT_MAX_DEPENDANTS }),
      createCataloguesModule({ db, temporalClient, taskQueue: config.TEMPORAL_TASK_QUEUE, audit }),
      ...applicationKindModules().map(kind => createApplicationKindRoutes(kind, applicationDependencies)),
      createAttachmentsModule({ db, fieldCrypto }),
      createInterfaceLogModule({ search: searchLog }),
      createYibaoSignInModule({
        operator: { opter: core.yibao.defaultOperator.opter, opterName: core.yibao.defaultOperator.opterName },
        signIn: () => core.yibao.signIn(),
        signOut: () => core.yibao.signOut(),
        recent: days => core.yibao.recentSignIns(days),
        audit
      }),
      createDualChannelCataloguesModule({ db, audit }),
      createDoctorsModule({ db }),
      createAccountsModule({ db, passwordIterations: config.PASSWORD_PBKDF2_ITERATIONS }),
      createAuditModule({ database }),
      createHelpModule({ db, content: helpContent, search: buildHelpSearch(helpContent) }),
      createApplicationSearchModule({ db, fieldCrypto, audit, kinds: applicationKindModules }),
      createBulkActionsModule({ db, temporalClient, fieldCrypto, audit }),
      createHisDoctorsModule({ his: core.his }),
      createDashboardModule({
        db,
        operator: { opter: core.yibao.defaultOperator.opter, opterName: core.yibao.defaultOperator.opterName },
        recentSignIns: days => core.yibao.recentSignIns(days)
      }),
      createInterfaceLogExportModule({ search: searchLog, toFilters, audit }),
      applicationEvents.module
    ]
  });
  const stopHousekeeping = startSecurityHousekeeping({
    database,
    auditRetentionDays: config.AUDIT_RETENTION_DAYS,
    logger: core.logger
  });
  return {
    app,
    temporalClient,
    closeStreams: applicationEvents.close,
    close: async () => {
      applicationEvents.close();
      stopHousekeeping();
      stopAuditCheck();
      metrics.close();
      await connection.close();
    }
  };
}
