import type { Express } from 'express';
import { Client, Connection } from '@temporalio/client';
import { createAccountsModule } from '../api/accounts/accounts';
import { createApiApp } from '../api/app';
import { createChronicApplicationsModule } from '../api/applications/chronic-applications';
import { appendAudit, createAuditModule } from '../api/audit';
import { authSettingsFrom, createAuthentication, wechatGatewayFor } from '../api/auth';
import { startSecurityHousekeeping } from '../api/auth/housekeeping';
import { createAttachmentsModule } from '../api/attachments/attachments';
import { createCataloguesModule } from '../api/catalogues/catalogues';
import { createDualChannelCataloguesModule } from '../api/catalogues/dual-channel-catalogues';
import { createDualChannelApplicationsModule } from '../api/applications/dual-channel-applications';
import { createDoctorsModule } from '../api/doctors/doctors';
import { createInterfaceLogModule } from '../api/interface-logs/interface-logs';
import { createYibaoSignInModule } from '../api/yibao-sign-ins/yibao-sign-ins';
import { serveFronts } from '../api/static-fronts';
import { createApplicationSearchModule } from '../api/applications/application-search';
import { createApplicationTimelineModule } from '../api/applications/application-timeline';
import { createBulkActionsModule } from '../api/applications/bulk-actions';
import { createReviewContextModule } from '../api/applications/review-context';
import { createDashboardModule } from '../api/dashboard/dashboard';
import { createInterfaceLogExportModule } from '../api/interface-logs/interface-log-export';
import { createApplicationEvents } from '../api/live-updates/application-events';
import type { MedicationRecord } from '../domain/review-context';
import { searchInterfaceLog } from '../yibao/interface-log';
import { assertApplicationConsent, createPatientsModule, type PersonVerifier } from '../api/patients';
import { demoPassword, seedDemoAccounts } from '../db/seed-demo';
import {
  seedSampleDualChannelInstitutions,
  seedSampleInstitutions,
  seedSampleSpecialDrugs
} from '../db/seed-reference';
import { dualChannelDrugs } from '../yibao/sim/data';
import { YibaoBusinessError } from '../yibao/errors';
import { primaryInsurance } from '../yibao/transactions/1101-person-info';
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

  const audit = async (entry: Parameters<typeof appendAudit>[1]) => {
    await appendAudit(db, entry);
  };
  /** Real-name check through 1101: the name must match the platform's record of the ID number. */
  const personVerifier: PersonVerifier = {
    async verify({ name, idNo }) {
      try {
        const { data } = await core.yibao.getPersonInfo({
          mdtrtCertType: '02',
          mdtrtCertNo: idNo,
          psnCertType: '01',
          certno: idNo,
          psnName: name
        });
        const insured = primaryInsurance(data);
        return data.baseinfo.psnName === name && insured ? { ok: true, psnNo: data.baseinfo.psnNo } : { ok: false };
      } catch (error) {
        if (error instanceof YibaoBusinessError && !error.retryable) return { ok: false };
        throw error;
      }
    }
  };

  /** 5205 for reviewing doctors of both kinds. */
  const medicationRecords = async (input: {
    psnNo: string;
    insuplcAdmdvs: string;
    since: string;
    applicationNo: string;
  }): Promise<MedicationRecord[]> => {
    const { data } = await core.yibao.queryMedicationRecords(
      { psnNo: input.psnNo, begntime: `${input.since} 00:00:00` },
      { applicationNo: input.applicationNo, insuplcAdmdvs: input.insuplcAdmdvs }
    );
    return data.map(row => ({
      feeOcurTime: row.feeOcurTime,
      fixmedinsName: row.fixmedinsName,
      medListCodg: row.medListCodg,
      hilistName: row.hilistName,
      spec: row.spec,
      cnt: row.cnt,
      pric: row.pric
    }));
  };
  const searchLog = (filters: Parameters<typeof searchInterfaceLog>[1]) => searchInterfaceLog(db, filters, fieldCrypto);
  const applicationEvents = createApplicationEvents({ db, staffIdleMs: config.SESSION_STAFF_IDLE });
  const actionDeps = { db, temporalClient, fieldCrypto, audit };

  const authentication = createAuthentication({
    database,
    fieldCrypto,
    settings: authSettingsFrom(config),
    ...(config.APP_ENV === 'production' ? { wechat: wechatGatewayFor(config) } : {})
  });
  const app = createApiApp({
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
      createChronicApplicationsModule({
        db,
        fieldCrypto,
        temporalClient,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowSettings: workflowSettingsFrom(config),
        his: core.his,
        audit,
        assertApplicationConsent: patientId => assertApplicationConsent(db, patientId),
        medicationRecords
      }),
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
      createDualChannelApplicationsModule({
        db,
        fieldCrypto,
        temporalClient,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowSettings: workflowSettingsFrom(config),
        his: core.his,
        audit,
        assertApplicationConsent: patientId => assertApplicationConsent(db, patientId)
      }),
      createAuditModule({ database }),
      createApplicationSearchModule({ db, fieldCrypto, audit }),
      createApplicationTimelineModule({ ...actionDeps, searchInterfaceLog: searchLog }),
      createBulkActionsModule(actionDeps),
      createReviewContextModule({ ...actionDeps, his: core.his, medicationRecords }),
      createDashboardModule({
        db,
        operator: { opter: core.yibao.defaultOperator.opter, opterName: core.yibao.defaultOperator.opterName },
        recentSignIns: days => core.yibao.recentSignIns(days)
      }),
      createInterfaceLogExportModule({ search: searchLog, audit }),
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
      await connection.close();
    }
  };
}
