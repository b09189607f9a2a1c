import { ApplicationFailure, Context } from '@temporalio/activity';
import { ApplicationFailureCategory } from '@temporalio/common';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { ApplicationKind } from '../domain/application';
import { filingFailureTypes } from '../domain/filing-failures';
import type { Database } from '../db/connection';
import { applications, chronicApplicationDetails, filingAttempts, patients } from '../db/schema';
import { FilingGatewayError, type DecisionCheck, type FilingApplication, type FilingGateway } from './filing-gateway';
import { loadDualChannelFiling } from './dual-channel-filing';

export interface FilingDependencies {
  db: Database;
  gateway: FilingGateway;
  decryptField: (ciphertext: string) => string;
}

/** How long the first activity waits for an application row whose transaction has not committed yet. */
const uncommittedRowWaitMs = 20_000;

/**
 * The API starts the workflow inside the transaction that writes the application row (so a refused start
 * writes nothing); under load the first activity can run before that commit is visible. It asks again until
 * the row appears; a row still missing after `withinMs` means the transaction rolled back.
 */
export async function loadOnceCommitted<T>(
  load: () => Promise<T | undefined>,
  withinMs: number,
  intervalMs = 100
): Promise<T | undefined> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const row = await load();
    if (row !== undefined || Date.now() >= deadline) return row;
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}

interface ApplicationRef {
  applicationId: string;
  kind: ApplicationKind;
}

function toFailure(error: unknown): unknown {
  if (!(error instanceof FilingGatewayError)) return error;
  switch (error.kind) {
    case 'business':
      return ApplicationFailure.nonRetryable(error.message, filingFailureTypes.business);
    case 'ambiguous':
      return ApplicationFailure.nonRetryable(error.message, filingFailureTypes.ambiguous);
    case 'gateway_auth':
      return ApplicationFailure.nonRetryable(error.message, filingFailureTypes.gatewayAuth);
    case 'invalid_data':
      return ApplicationFailure.nonRetryable(error.message, filingFailureTypes.invalidData);
    case 'transient':
      return ApplicationFailure.retryable(error.message, 'YibaoTransientFailure');
  }
}

/** Activities that talk to the bureau for an application, reading what they send from its row. */
export function createFilingActivities(deps: FilingDependencies) {
  async function loadPerson(applicationId: string, waitForCommitMs = 0) {
    const row = await loadOnceCommitted(async () => {
      const [found] = await deps.db
        .select({ application: applications, patient: patients })
        .from(applications)
        .innerJoin(patients, eq(patients.id, applications.patientId))
        .where(eq(applications.id, applicationId));
      return found;
    }, waitForCommitMs);
    if (!row) throw ApplicationFailure.nonRetryable(`application ${applicationId} not found`, 'ApplicationMissing');
    return row;
  }

  async function loadFiling(ref: ApplicationRef): Promise<FilingApplication> {
    const { application, patient } = await loadPerson(ref.applicationId);
    if (!application.psnNo || !application.insutype || !application.insuplcAdmdvs) {
      throw ApplicationFailure.nonRetryable('the insured person has not been verified', filingFailureTypes.invalidData);
    }
    const filing: FilingApplication = {
      kind: ref.kind,
      applicationNo: application.applicationNo,
      psnNo: application.psnNo,
      insutype: application.insutype,
      insuplcAdmdvs: application.insuplcAdmdvs,
      certNo: deps.decryptField(patient.idNoEnc),
      name: deps.decryptField(patient.nameEnc),
      phone: application.phoneEnc ? deps.decryptField(application.phoneEnc) : undefined,
      address: application.addressEnc ? deps.decryptField(application.addressEnc) : undefined,
      beginDate: application.beginDate,
      endDate: application.endDate ?? undefined,
      filingSn: application.filingSn ?? undefined,
      submittedAt: application.submittedAt
    };
    if (ref.kind === 'chronic') {
      const [detail] = await deps.db
        .select()
        .from(chronicApplicationDetails)
        .where(eq(chronicApplicationDetails.applicationId, ref.applicationId));
      if (!detail?.diagDrCodg || !detail.diagDrName || !detail.hospIdeDate) {
        throw ApplicationFailure.nonRetryable('the diagnosing doctor is missing', filingFailureTypes.invalidData);
      }
      filing.chronic = {
        diseaseCode: detail.diseaseCode,
        diseaseName: detail.diseaseName,
        institutionCode: detail.institutionCode,
        institutionName: detail.institutionName,
        hospIdeDate: detail.hospIdeDate,
        diagDrCodg: detail.diagDrCodg,
        diagDrName: detail.diagDrName
      };
    }
    if (ref.kind === 'dual_channel') filing.dualChannel = await loadDualChannelFiling(deps, ref.applicationId);
    return filing;
  }

  /** 5301 / 5311 once: approved, rejected (where the status source can tell) or undecided. */
  async function checkFilingDecision(ref: ApplicationRef): Promise<DecisionCheck> {
    const filing = await loadFiling(ref);
    try {
      return await deps.gateway.checkDecision(filing);
    } catch (error) {
      throw error instanceof FilingGatewayError
        ? ApplicationFailure.retryable(error.message, 'YibaoTransientFailure')
        : error;
    }
  }

  return {
    /** 1101: stores psn_no, insutype and insuplc_admdvs on the application. */
    async verifyInsuredPerson(ref: ApplicationRef): Promise<{ ok: true } | { ok: false; reason: string }> {
      // The workflow's first activity: its row may not be committed yet.
      const { application, patient } = await loadPerson(ref.applicationId, uncommittedRowWaitMs);
      let check;
      try {
        check = await deps.gateway.verifyInsuredPerson({
          applicationNo: application.applicationNo,
          certNo: deps.decryptField(patient.idNoEnc),
          name: deps.decryptField(patient.nameEnc)
        });
      } catch (error) {
        // 1101 changes nothing, so an ambiguous answer is simply asked again.
        if (error instanceof FilingGatewayError && error.kind === 'business')
          return { ok: false, reason: error.message };
        if (error instanceof FilingGatewayError && error.kind === 'ambiguous') {
          throw ApplicationFailure.retryable(error.message, 'YibaoTransientFailure');
        }
        throw toFailure(error);
      }
      if (!check.ok) return check;
      await deps.db
        .update(applications)
        .set({
          psnNo: check.psnNo,
          insutype: check.insutype,
          insuplcAdmdvs: check.insuplcAdmdvs,
          updatedAt: new Date()
        })
        .where(eq(applications.id, ref.applicationId));
      await deps.db.update(patients).set({ psnNo: check.psnNo }).where(eq(patients.id, patient.id));
      return { ok: true };
    },

    /**
     * 2503 / 2511, retried by Temporal for transient failures only. Every attempt is recorded before it is
     * sent; when an earlier one has no outcome (the worker died mid-call) or lost its answer, the bureau is
     * asked first: check before act, so one application is never filed twice.
     */
    async fileApplication(ref: ApplicationRef): Promise<{ filingSn: string | undefined }> {
      const filing = await loadFiling(ref);
      try {
        const uncertain = await deps.db
          .select({ id: filingAttempts.id })
          .from(filingAttempts)
          .where(
            and(
              eq(filingAttempts.applicationId, ref.applicationId),
              or(isNull(filingAttempts.outcome), eq(filingAttempts.outcome, 'ambiguous'))
            )
          );
        if (uncertain.length) {
          const earlier = await deps.gateway.reconcile(filing);
          if (earlier.outcome === 'committed') return { filingSn: earlier.filingSn };
          if (earlier.outcome === 'unknown')
            throw new FilingGatewayError('ambiguous', '上次报送结果未知，需核对后再报送');
          await deps.db
            .update(filingAttempts)
            .set({ outcome: 'not_committed', finishedAt: new Date() })
            .where(
              inArray(
                filingAttempts.id,
                uncertain.map(attempt => attempt.id)
              )
            );
        }
        const [attempt] = await deps.db
          .insert(filingAttempts)
          .values({ applicationId: ref.applicationId })
          .returning({ id: filingAttempts.id });
        const finish = (outcome: 'committed' | 'not_committed' | 'ambiguous') =>
          deps.db
            .update(filingAttempts)
            .set({ outcome, finishedAt: new Date() })
            .where(eq(filingAttempts.id, attempt!.id));
        try {
          const filed = await deps.gateway.file(filing, Context.current().info.attempt);
          await finish('committed');
          return filed;
        } catch (error) {
          // Only a lost answer leaves the outcome open; every other failure was answered or never sent.
          if (error instanceof FilingGatewayError)
            await finish(error.kind === 'ambiguous' ? 'ambiguous' : 'not_committed');
          throw error;
        }
      } catch (error) {
        throw toFailure(error);
      }
    },

    /** After an ambiguous filing: did the bureau commit it? */
    async reconcileFiling(ref: ApplicationRef) {
      const filing = await loadFiling(ref);
      try {
        return await deps.gateway.reconcile(filing);
      } catch (error) {
        if (error instanceof FilingGatewayError && error.kind === 'ambiguous') {
          throw ApplicationFailure.retryable(error.message, 'YibaoTransientFailure');
        }
        throw toFailure(error);
      }
    },

    /** Retry-driven polling (5301 / 5311): throws a benign failure while the bureau has not decided. */
    async pollFilingDecision(ref: ApplicationRef): Promise<{ decision: 'approved' | 'rejected'; detail?: string }> {
      const check = await checkFilingDecision(ref);
      if (check.decision === 'undecided') {
        throw ApplicationFailure.create({
          message: '医保局尚未作出决定',
          type: filingFailureTypes.undecided,
          category: ApplicationFailureCategory.BENIGN
        });
      }
      return check;
    },

    checkFilingDecision,

    /** 2504 / 2512: only while the bureau has not decided. */
    async revokeFiling(ref: ApplicationRef & { reason: string }) {
      const filing = await loadFiling(ref);
      try {
        return await deps.gateway.revoke(filing, ref.reason);
      } catch (error) {
        if (error instanceof FilingGatewayError && error.kind === 'business')
          return { revoked: false as const, message: error.message };
        throw toFailure(error);
      }
    }
  };
}
