import { ApplicationFailure, Context } from '@temporalio/activity';
import { ApplicationFailureCategory } from '@temporalio/common';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { filingPersonOf, loadApplicationWithPatient } from '../application-kinds/application-rows';
import type { FieldCipher, KindFiling, KindServices } from '../application-kinds/kind-module';
import { applicationKindModule } from '../application-kinds/registry';
import type { Database } from '../db/connection';
import { applications, filingAttempts, patients } from '../db/schema';
import { chinaDate } from '../domain/china-time';
import {
  FilingFailure,
  filingFailureTypes,
  type BureauDecision,
  type DecisionCheck,
  type FilingReceipt,
  type InsuredPersonCheck,
  type ReconcileOutcome,
  type RevocationOutcome
} from '../domain/filing-outcome';
import type { BureauFilingRecord, BureauFilingView } from '../yibao/bureau-view';
import type { YibaoClient } from '../yibao/client';
import { verifyInsuredPerson } from '../yibao/operations/insured-person';
import { filingFailureKindOf, toActivityFailure, toRetryableFailure } from './filing-failures';

export interface FilingDependencies {
  db: Database;
  cipher: FieldCipher;
  yibao: YibaoClient;
  /** The bureau's own view of filings, where one exists (the development simulator); see yibao/bureau-view.ts. */
  bureauView?: BureauFilingView | undefined;
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

/** Every activity of an application names it by id; its kind is read from its row. */
export interface ApplicationRef {
  applicationId: string;
}

const missing = (applicationId: string) =>
  ApplicationFailure.nonRetryable(`application ${applicationId} not found`, 'ApplicationMissing');

/** Activities that talk to the bureau for an application, through its kind's Yibao transactions. */
export function createFilingActivities(deps: FilingDependencies) {
  const services: KindServices = { db: deps.db, cipher: deps.cipher };

  async function loadFiling(applicationId: string) {
    const found = await loadApplicationWithPatient(deps.db, applicationId);
    if (!found) throw missing(applicationId);
    const module = applicationKindModule(found.application.kind);
    const person = filingPersonOf(found.application, found.patient, deps.cipher);
    return { module, filing: await module.loadFiling(services, person, applicationId) };
  }

  /** The bureau's own record of this application's filing, where a bureau view exists. */
  async function bureauRecord(
    records: 'chronic' | 'dual-channel',
    filing: KindFiling
  ): Promise<BureauFilingRecord | undefined> {
    if (!deps.bureauView) return undefined;
    const { person } = filing;
    const submittedDay = chinaDate(person.submittedAt);
    const held = await deps.bureauView.filingsOf({ records, insuredPersonNo: person.insuredPersonNo });
    return held.find(
      record =>
        filing.matches(record) &&
        record.status !== 'revoked' &&
        chinaDate(record.createdAt) >= submittedDay &&
        (!person.filingSn || record.filingSn === person.filingSn)
    );
  }

  async function reconcile(applicationId: string): Promise<ReconcileOutcome> {
    const { module, filing } = await loadFiling(applicationId);
    if (await filing.listedAsApproved(deps.yibao)) {
      return { outcome: 'committed', filingSn: (await bureauRecord(module.bureauRecords, filing))?.filingSn };
    }
    if (!deps.bureauView) return { outcome: 'unknown' };
    const record = await bureauRecord(module.bureauRecords, filing);
    return record ? { outcome: 'committed', filingSn: record.filingSn } : { outcome: 'not_committed' };
  }

  /** 5301 / 5311 once: approved, rejected (where the bureau's view can tell) or undecided. */
  async function checkFilingDecision({ applicationId }: ApplicationRef): Promise<DecisionCheck> {
    try {
      const { module, filing } = await loadFiling(applicationId);
      if (await filing.listedAsApproved(deps.yibao)) return { decision: 'approved' };
      // 5301 shows a filing only while it is valid: one approved to begin later is seen only by the bureau's view.
      const record = await bureauRecord(module.bureauRecords, filing);
      if (record?.status === 'approved') return { decision: 'approved' };
      if (record?.status === 'rejected') return { decision: 'rejected', detail: '医保经办机构审核未通过' };
      return { decision: 'undecided' };
    } catch (error) {
      throw toRetryableFailure(error);
    }
  }

  return {
    /** 1101: stores the insured person's number, insurance type and area on the application. */
    async verifyInsuredPerson({
      applicationId
    }: ApplicationRef): Promise<{ ok: true } | { ok: false; reason: string }> {
      // The workflow's first activity: its row may not be committed yet.
      const found = await loadOnceCommitted(
        () => loadApplicationWithPatient(deps.db, applicationId),
        uncommittedRowWaitMs
      );
      if (!found) throw missing(applicationId);
      const { application, patient } = found;
      let check: InsuredPersonCheck;
      try {
        check = await verifyInsuredPerson(deps.yibao, {
          applicationNo: application.applicationNo,
          idNo: deps.cipher.decrypt(patient.idNoEnc),
          name: deps.cipher.decrypt(patient.nameEnc)
        });
      } catch (error) {
        throw toActivityFailure(error);
      }
      if (!check.ok) return check;
      await deps.db
        .update(applications)
        .set({
          insuredPersonNo: check.insuredPersonNo,
          insuranceType: check.insuranceType,
          insuredAreaCode: check.insuredAreaCode,
          updatedAt: new Date()
        })
        .where(eq(applications.id, applicationId));
      await deps.db.update(patients).set({ insuredPersonNo: check.insuredPersonNo }).where(eq(patients.id, patient.id));
      return { ok: true };
    },

    /**
     * 2503 / 2511 …, retried by Temporal for transient failures only. Every attempt is recorded before it is
     * sent; when an earlier one has no outcome (the worker died mid-call) or lost its answer, the bureau is
     * asked first: check before act, so one application is never filed twice.
     */
    async fileApplication({ applicationId }: ApplicationRef): Promise<FilingReceipt> {
      try {
        const { filing } = await loadFiling(applicationId);
        const uncertain = await deps.db
          .select({ id: filingAttempts.id })
          .from(filingAttempts)
          .where(
            and(
              eq(filingAttempts.applicationId, applicationId),
              or(isNull(filingAttempts.outcome), eq(filingAttempts.outcome, 'ambiguous'))
            )
          );
        if (uncertain.length) {
          const earlier = await reconcile(applicationId);
          if (earlier.outcome === 'committed') return { filingSn: earlier.filingSn };
          if (earlier.outcome === 'unknown') throw new FilingFailure('ambiguous', '上次报送结果未知，需核对后再报送');
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
          .values({ applicationId })
          .returning({ id: filingAttempts.id });
        const finish = (outcome: 'committed' | 'not_committed' | 'ambiguous') =>
          deps.db
            .update(filingAttempts)
            .set({ outcome, finishedAt: new Date() })
            .where(eq(filingAttempts.id, attempt!.id));
        try {
          const filed = await filing.file(deps.yibao, Context.current().info.attempt);
          await finish('committed');
          return filed;
        } catch (error) {
          // Only a lost answer leaves the outcome open; every other failure was answered or never sent.
          const outcome = filingFailureKindOf(error);
          if (outcome) await finish(outcome === 'ambiguous' ? 'ambiguous' : 'not_committed');
          throw error;
        }
      } catch (error) {
        throw toActivityFailure(error);
      }
    },

    /** After an ambiguous filing: did the bureau commit it? Asking changes nothing, so failures are retried. */
    async reconcileFiling({ applicationId }: ApplicationRef): Promise<ReconcileOutcome> {
      try {
        return await reconcile(applicationId);
      } catch (error) {
        throw toRetryableFailure(error);
      }
    },

    /** Retry-driven polling (5301 / 5311): throws a benign failure while the bureau has not decided. */
    async pollFilingDecision(ref: ApplicationRef): Promise<BureauDecision> {
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

    /** 2504 / 2512 …: only while the bureau has not decided; its refusal is an answer, not a failure. */
    async revokeFiling({ applicationId, reason }: ApplicationRef & { reason: string }): Promise<RevocationOutcome> {
      try {
        const { filing } = await loadFiling(applicationId);
        if (!filing.person.filingSn) return { revoked: false, message: '没有医保业务流水号，不能撤销' };
        try {
          await filing.revoke(deps.yibao, filing.person.filingSn, reason);
          return { revoked: true };
        } catch (error) {
          if (filingFailureKindOf(error) === 'business') return { revoked: false, message: (error as Error).message };
          throw error;
        }
      } catch (error) {
        throw toActivityFailure(error);
      }
    }
  };
}
