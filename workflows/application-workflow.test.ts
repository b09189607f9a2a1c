/**
 * The application workflow's paths with stubbed activities, on the run's Temporal dev server. Temporal's
 * time-skipping test server is a separate binary the SDK downloads at run time, which this machine cannot
 * (no network beyond the package registries), so the durations are milliseconds instead of skipped time.
 */
import crypto from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { installTemporalRuntime } from '../runtime/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LifecycleActivities } from './application-lifecycle';
import { filingFailureTypes, type DecisionCheck, type ReconcileOutcome } from '../domain/filing-outcome';
import type { ApplicationStatus } from '../domain/application-status';
import { applicationWorkflow } from './application-workflow';
import {
  applicationStateQuery,
  retryFilingUpdate,
  reviewApplicationUpdate,
  revokeFilingUpdate,
  syncFilingStatusUpdate,
  withdrawApplicationUpdate,
  type ApplicationWorkflowSettings
} from './messages';
import { temporalAddress, testTemporalClient, uniqueTaskQueue, workflowBundle } from '../test/support/temporal';
import { eventually } from '../test/support/http';

const settings: ApplicationWorkflowSettings = {
  reviewReminderAfter: 60_000,
  filingRetryHorizon: 60_000,
  pollInterval: 100,
  decisionDeadline: 60_000
};

/** What one workflow's stubbed activities do, and what they were asked. */
interface Scenario {
  person?: { ok: true } | { ok: false; reason: string };
  /** Each call takes the next outcome; the last one repeats. */
  filings?: ('filed' | 'transient' | 'ambiguous' | 'business')[];
  reconciliations?: ReconcileOutcome[];
  polls?: DecisionCheck[];
  checks?: DecisionCheck[];
  revocation?: { revoked: true } | { revoked: false; message: string };
  eformFails?: boolean;
  calls: string[];
  transitions: ApplicationStatus[];
  counts: Record<string, number>;
}

const scenarios = new Map<string, Scenario>();

function next<T>(list: T[] | undefined, count: number, fallback: T): T {
  if (!list?.length) return fallback;
  return list[Math.min(count, list.length - 1)]!;
}

/** Every activity of the lifecycle, answering from the workflow's scenario. */
const stubs: LifecycleActivities = {
  recordTransition: input => {
    scenarioOf(input.applicationId, 'recordTransition').transitions.push(input.to);
    return Promise.resolve();
  },
  recordReview: input => {
    scenarioOf(input.applicationId, 'recordReview');
    return Promise.resolve();
  },
  sendReviewReminder: input => {
    scenarioOf(input.applicationId, 'sendReviewReminder');
    return Promise.resolve();
  },
  verifyInsuredPerson: input =>
    Promise.resolve(scenarioOf(input.applicationId, 'verifyInsuredPerson').person ?? { ok: true }),
  fileApplication: input => {
    const scenario = scenarioOf(input.applicationId, 'fileApplication');
    const outcome = next(scenario.filings, scenario.counts.fileApplication! - 1, 'filed');
    if (outcome === 'filed') return Promise.resolve({ filingSn: 'SN-1' });
    if (outcome === 'transient') throw ApplicationFailure.retryable('网络异常', filingFailureTypes.transient);
    if (outcome === 'ambiguous') throw ApplicationFailure.nonRetryable('应答丢失', filingFailureTypes.ambiguous);
    throw ApplicationFailure.nonRetryable('病种不符', filingFailureTypes.business);
  },
  reconcileFiling: input => {
    const scenario = scenarioOf(input.applicationId, 'reconcileFiling');
    return Promise.resolve(
      next(scenario.reconciliations, scenario.counts.reconcileFiling! - 1, { outcome: 'unknown' })
    );
  },
  pollFilingDecision: input => {
    const scenario = scenarioOf(input.applicationId, 'pollFilingDecision');
    const check = next(scenario.polls, scenario.counts.pollFilingDecision! - 1, { decision: 'undecided' });
    if (check.decision === 'undecided') {
      throw ApplicationFailure.create({
        message: '医保局尚未作出决定',
        type: filingFailureTypes.undecided,
        category: ApplicationFailureCategory.BENIGN
      });
    }
    return Promise.resolve(check);
  },
  checkFilingDecision: input => {
    const scenario = scenarioOf(input.applicationId, 'checkFilingDecision');
    return Promise.resolve(next(scenario.checks, scenario.counts.checkFilingDecision! - 1, { decision: 'undecided' }));
  },
  revokeFiling: input =>
    Promise.resolve(scenarioOf(input.applicationId, 'revokeFiling').revocation ?? { revoked: true }),
  generateEform: input => {
    if (scenarioOf(input.applicationId, 'generateEform').eformFails) {
      throw ApplicationFailure.nonRetryable('打印失败', 'EformFailed');
    }
    return Promise.resolve({ regenerated: true });
  }
};

function scenarioOf(applicationId: string, activity: string): Scenario {
  const scenario = scenarios.get(applicationId);
  if (!scenario) throw new Error(`no scenario for ${applicationId}`);
  scenario.calls.push(activity);
  scenario.counts[activity] = (scenario.counts[activity] ?? 0) + 1;
  return scenario;
}

const reviewer = { userId: crypto.randomUUID(), label: '王建国（D1001）', staffNo: 'D1001', staffName: '王建国' };
const actor = { label: '管理员' };

describe('the application workflow with stubbed activities', () => {
  let worker: Worker;
  let running: Promise<void>;
  let client: Awaited<ReturnType<typeof testTemporalClient>>;
  const taskQueue = uniqueTaskQueue('wf-paths');

  beforeAll(async () => {
    // The stubs' failures are the point of these tests: the SDK need not log each one.
    installTemporalRuntime('ERROR');
    const connection = await NativeConnection.connect({ address: temporalAddress() });
    worker = await Worker.create({ connection, taskQueue, workflowBundle: await workflowBundle(), activities: stubs });
    running = worker.run().finally(() => connection.close());
    client = await testTemporalClient();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await client?.close();
  });

  async function start(
    scenario: Partial<Scenario>,
    options: Partial<ApplicationWorkflowSettings> & { documents?: boolean } = {}
  ) {
    const applicationId = crypto.randomUUID();
    const recorded: Scenario = { calls: [], transitions: [], counts: {}, ...scenario };
    scenarios.set(applicationId, recorded);
    const { documents = false, ...overrides } = options;
    const handle = await client.client.workflow.start(applicationWorkflow, {
      workflowId: `wf-test-${applicationId}`,
      taskQueue,
      args: [{ applicationId, settings: { ...settings, ...overrides }, documentsBeforeFiling: documents }]
    });
    const statusIs = (status: ApplicationStatus) =>
      eventually(`status ${status}`, async () => {
        const state = await handle.query(applicationStateQuery);
        return state.status === status ? state : undefined;
      });
    return { handle, scenario: recorded, statusIs };
  }

  const approve = { reviewer, decision: 'approve' as const, opinion: '同意' };

  it('files an approved application and polls until the bureau approves', async () => {
    const { handle, scenario, statusIs } = await start({
      polls: [{ decision: 'undecided' }, { decision: 'undecided' }, { decision: 'approved' }]
    });
    await statusIs('under_review');
    // The review answers once the application has left review: the filing is under way.
    const reviewed = await handle.executeUpdate(reviewApplicationUpdate, { args: [approve] });
    expect(reviewed.status).toBe('filing');
    expect((await handle.result()).status).toBe('approved');
    expect(scenario.transitions).toEqual(['under_review', 'filing', 'filed', 'approved']);
    expect(scenario.counts.pollFilingDecision).toBe(3);
    expect(scenario.calls).not.toContain('generateEform');
  });

  it('ends in doctor_rejected when the doctor rejects, and refuses a second review', async () => {
    const { handle, scenario, statusIs } = await start({});
    await statusIs('under_review');
    await handle.executeUpdate(reviewApplicationUpdate, { args: [{ ...approve, decision: 'reject' }] });
    expect((await handle.result()).status).toBe('doctor_rejected');
    expect(scenario.calls).not.toContain('fileApplication');
  });

  it('refuses a second review decision while the first is being acted on', async () => {
    const { handle, statusIs } = await start({ polls: [{ decision: 'approved' }] });
    await statusIs('under_review');
    await handle.executeUpdate(reviewApplicationUpdate, { args: [approve] });
    await expect(handle.executeUpdate(reviewApplicationUpdate, { args: [approve] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError
    );
  });

  it('reminds the department when a review takes long', async () => {
    const { handle, scenario, statusIs } = await start(
      { polls: [{ decision: 'approved' }] },
      { reviewReminderAfter: 200 }
    );
    await statusIs('under_review');
    await eventually('a reminder', () =>
      Promise.resolve((scenario.counts.sendReviewReminder ?? 0) > 0 ? true : undefined)
    );
    await handle.executeUpdate(reviewApplicationUpdate, { args: [approve] });
    expect((await handle.result()).status).toBe('approved');
  });

  it('retries transient filing failures until the filing goes through', async () => {
    const { handle, scenario, statusIs } = await start({
      filings: ['transient', 'transient', 'filed'],
      polls: [{ decision: 'approved' }]
    });
    await statusIs('under_review');
    await handle.executeUpdate(reviewApplicationUpdate, { args: [approve] });
    expect((await handle.result()).status).toBe('approved');
    expect(scenario.counts.fileApplication).toBe(3);
    expect(scenario.transitions.filter(status => status === 'filing')).toHaveLength(1);
  });

  it('takes an ambiguous filing the bureau committed as filed, without sending it again', async () => {
    const { handle, scenario, statusIs } = await start({
      filings: ['ambiguous'],
      reconciliations: [{ outcome: 'committed', filingSn: 'SN-9' }],
      polls: [{ decision: 'approved' }]
    });
    await statusIs('under_review');
    await handle.executeUpdate(reviewApplicationUpdate, { args: [approve] });
    expect(await handle.result()).toMatchObject({ status: 'approved', filingSn: 'SN-9' });
    expect(scenario.transitions).toEqual(['under_review', 'filing', 'filed', 'approved']);
    expect(scenario.counts.fileApplication).toBe(1);
  });

  it('files again after an ambiguous filing the bureau did not commit', async () => {
    const { handle, scenario, statusIs } = await start({
      filings: ['ambiguous', 'filed'],
      reconciliations: [{ outcome: 'not_committed' }],
      polls: [{ decision: 'approved' }]
    });
    await statusIs('under_review');
    await handle.executeUpdate(reviewApplicationUpdate, { args: [approve] });
    expect((await handle.result()).status).toBe('approved');
    expect(scenario.counts.fileApplication).toBe(2);
  });

  it('asks once more after the poll interval, then stops at filing_failed when the outcome stays unknown', async () => {
    const { handle, scenario, statusIs } = await start({
      filings: ['ambiguous'],
      reconciliations: [{ outcome: 'unknown' }]
    });
    await statusIs('under_review');
    await handle.executeUpdate(reviewApplicationUpdate, { args: [approve] });
    const state = await statusIs('filing_failed');
    expect(state).toMatchObject({ yibaoSyncStatus: 'ambiguous' });
    expect(state.failureReason).toContain('人工核实');
    expect(scenario.counts.reconcileFiling).toBe(2);
    expect(scenario.counts.fileApplication).toBe(1);
    await handle.terminate();
  });

  it('stops at filing_failed on a business refusal and files again when an admin retries', async () => {
    const { handle, scenario, statusIs } = await start({
      filings: ['business', 'filed'],
      polls: [{ decision: 'approved' }]
    });
    await statusIs('under_review');
    await handle.executeUpdate(reviewApplicationUpdate, { args: [approve] });
    expect(await statusIs('filing_failed')).toMatchObject({ yibaoSyncStatus: 'business_failed' });
    await expect(handle.executeUpdate(withdrawApplicationUpdate, { args: [{ actor }] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError
    );
    const retried = await handle.executeUpdate(retryFilingUpdate, { args: [{ actor }] });
    expect(retried.status).toBe('filing');
    expect((await handle.result()).status).toBe('approved');
    expect(scenario.transitions).toEqual(['under_review', 'filing', 'filing_failed', 'filing', 'filed', 'approved']);
  });

  it('goes to no_decision at the deadline, and finds the decision when an admin syncs', async () => {
    const { handle, scenario, statusIs } = await start(
      { checks: [{ decision: 'approved' }] },
      { decisionDeadline: 1500 }
    );
    await statusIs('under_review');
    await handle.executeUpdate(reviewApplicationUpdate, { args: [approve] });
    await statusIs('no_decision');
    expect(scenario.counts.pollFilingDecision).toBeGreaterThan(1);
    await handle.executeUpdate(syncFilingStatusUpdate, { args: [{ actor }] });
    expect((await handle.result()).status).toBe('approved');
    expect(scenario.transitions).toEqual(['under_review', 'filing', 'filed', 'no_decision', 'approved']);
  });

  it('revokes a filing the bureau has not decided, and stays filed when the bureau refuses', async () => {
    const refused = await start({ revocation: { revoked: false, message: '已进入审核' } });
    await refused.statusIs('under_review');
    await refused.handle.executeUpdate(reviewApplicationUpdate, { args: [approve] });
    await refused.statusIs('filed');
    await expect(
      refused.handle.executeUpdate(revokeFilingUpdate, { args: [{ actor, reason: '转院' }] })
    ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect((await refused.handle.query(applicationStateQuery)).status).toBe('filed');
    await refused.handle.terminate();

    const { handle, scenario, statusIs } = await start({});
    await statusIs('under_review');
    await handle.executeUpdate(reviewApplicationUpdate, { args: [approve] });
    await statusIs('filed');
    const revoked = await handle.executeUpdate(revokeFilingUpdate, { args: [{ actor, reason: '转院' }] });
    expect(revoked).toMatchObject({ status: 'revoked', yibaoSyncStatus: 'revoked' });
    expect((await handle.result()).status).toBe('revoked');
    expect(scenario.transitions.at(-1)).toBe('revoked');
  });

  it('lets the patient withdraw under review, before any filing', async () => {
    const { handle, scenario, statusIs } = await start({});
    await statusIs('under_review');
    const state = await handle.executeUpdate(withdrawApplicationUpdate, { args: [{ actor: { label: '患者' } }] });
    expect(state.status).toBe('withdrawn');
    expect((await handle.result()).status).toBe('withdrawn');
    expect(scenario.calls).not.toContain('fileApplication');
  });

  it('ends a failed identity check in filing_failed, and returns to review when an admin retries', async () => {
    const { handle, scenario, statusIs } = await start({ person: { ok: false, reason: '姓名与医保登记信息不一致' } });
    const failed = await statusIs('filing_failed');
    expect(failed).toMatchObject({ yibaoSyncStatus: 'person_invalid' });
    scenario.person = { ok: true };
    const retried = await handle.executeUpdate(retryFilingUpdate, { args: [{ actor }] });
    expect(retried.status).toBe('under_review');
    await handle.executeUpdate(withdrawApplicationUpdate, { args: [{ actor: { label: '患者' } }] });
    expect((await handle.result()).status).toBe('withdrawn');
  });

  it('prints the documents before filing for a kind that has them, and fails the filing when printing fails', async () => {
    const printed = await start({ polls: [{ decision: 'approved' }] }, { documents: true });
    await printed.statusIs('under_review');
    await printed.handle.executeUpdate(reviewApplicationUpdate, { args: [approve] });
    expect((await printed.handle.result()).status).toBe('approved');
    expect(printed.scenario.calls.indexOf('generateEform')).toBeLessThan(
      printed.scenario.calls.indexOf('fileApplication')
    );

    const unprinted = await start({ eformFails: true }, { documents: true });
    await unprinted.statusIs('under_review');
    await unprinted.handle.executeUpdate(reviewApplicationUpdate, { args: [approve] });
    expect(await unprinted.statusIs('filing_failed')).toMatchObject({ yibaoSyncStatus: 'not_sent' });
    expect(unprinted.scenario.calls).not.toContain('fileApplication');
    await unprinted.handle.terminate();
  });
});
