import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo
} from '@temporalio/workflow';
import type { ApplicationActivities } from '../activities/application-activities';
import type { YibaoSyncStatus } from '../domain/application';
import { canTransition, type ApplicationStatus } from '../domain/application-status';
import { filingFailureTypes, nonRetryableFilingFailureTypes } from '../domain/filing-failures';
import {
  applicationStateQuery,
  reviewApplicationUpdate,
  revokeFilingUpdate,
  retryFilingUpdate,
  syncFilingStatusUpdate,
  withdrawApplicationUpdate,
  workflowRejectionTypes,
  type ActorRef,
  type ApplicationState,
  type ApplicationWorkflowInput,
  type ReviewInput
} from './messages';
import { applicationKeys } from './search-attributes';

/**
 * One application's life, shared by chronic (2503/5301/2504) and dual-channel (2511/5311/2512) filings:
 * the activities pick the transactions by `kind`.
 */
export async function runApplicationWorkflow(input: ApplicationWorkflowInput): Promise<ApplicationState> {
  const { applicationId, kind, settings } = input;

  const projection = proxyActivities<ApplicationActivities>({
    startToCloseTimeout: '30s',
    retry: { initialInterval: '1s', maximumInterval: '1m' }
  });
  const yibaoLookups = proxyActivities<ApplicationActivities>({
    startToCloseTimeout: '1m',
    retry: { initialInterval: '5s', maximumInterval: '5m', nonRetryableErrorTypes: nonRetryableFilingFailureTypes }
  });
  // Transient failures (network before send, HTTP 5xx, known-transient business errors) retry up to the horizon.
  // A worker that dies mid-call is noticed after this; the retry then checks before it re-sends.
  const filing = proxyActivities<ApplicationActivities>({
    startToCloseTimeout: '30s',
    scheduleToCloseTimeout: settings.filingRetryHorizon,
    retry: {
      initialInterval: '2s',
      backoffCoefficient: 2,
      maximumInterval: '10m',
      nonRetryableErrorTypes: nonRetryableFilingFailureTypes
    }
  });
  // Printing the e-form launches a browser: slower than a row write, retried like one.
  const documents = proxyActivities<ApplicationActivities>({
    startToCloseTimeout: '2m',
    retry: { initialInterval: '5s', maximumInterval: '5m', maximumAttempts: 20 }
  });
  // Retry-driven polling: each "not decided yet" is a retry, which adds nothing to the history.
  const polling = proxyActivities<ApplicationActivities>({
    startToCloseTimeout: '1m',
    retry: { initialInterval: settings.pollInterval, backoffCoefficient: 1, maximumInterval: settings.pollInterval }
  });

  const state: ApplicationState = { status: 'submitted', yibaoSyncStatus: 'not_sent' };
  let transitionCount = 0;
  // Updates answer only once the row shows their effect, so the caller's next read agrees with the answer.
  let projectionsInFlight = 0;
  const settled = () => projectionsInFlight === 0;
  let reviewReceived = false;
  let pendingReview: { decision: 'approve' | 'reject'; actor: ActorRef } | undefined;
  let syncRequested = false;
  let withdrawRequestedBy: ActorRef | undefined;
  let retryRequestedBy: ActorRef | undefined;
  let pollScope: CancellationScope | undefined;
  let revoking = false;
  let stageBeforeFailure: 'person' | 'filing' = 'person';

  async function moveTo(
    status: ApplicationStatus,
    detail: string,
    options: {
      actor?: ActorRef;
      sync?: YibaoSyncStatus;
      fields?: Parameters<ApplicationActivities['recordTransition']>[0]['fields'];
    } = {}
  ): Promise<void> {
    if (status !== state.status && !canTransition(state.status, status)) {
      throw ApplicationFailure.nonRetryable(`illegal transition ${state.status} → ${status}`, 'IllegalTransition');
    }
    const from = state.status;
    state.status = status;
    if (options.sync) state.yibaoSyncStatus = options.sync;
    transitionCount += 1;
    upsertSearchAttributes([{ key: applicationKeys.filingStatus, value: status }]);
    projectionsInFlight += 1;
    try {
      await projection.recordTransition({
        applicationId,
        kind,
        eventKey: `${workflowInfo().workflowId}:${transitionCount}`,
        from,
        to: status,
        detail,
        actorUserId: options.actor?.userId,
        actorLabel: options.actor?.label,
        yibaoSyncStatus: state.yibaoSyncStatus,
        fields: options.fields
      });
    } finally {
      projectionsInFlight -= 1;
    }
  }

  const rejectUnless = (ok: boolean, message: string, type: string = workflowRejectionTypes.wrongState) => {
    if (!ok) throw ApplicationFailure.nonRetryable(message, type);
  };

  setHandler(applicationStateQuery, () => ({ ...state }));

  setHandler(
    reviewApplicationUpdate,
    async review => {
      reviewReceived = true;
      // The decision is stored before the main loop acts on it: 2503 reads the doctor from the row.
      await projection.recordReview({
        applicationId,
        kind,
        reviewerUserId: review.reviewer.userId,
        reviewerStaffNo: review.reviewer.staffNo,
        reviewerName: review.reviewer.staffName,
        decision: review.decision,
        opinion: review.opinion,
        diagnosis: review.diagnosis,
        secondDoctor: review.secondDoctor
      });
      state.reviewDecision = review.decision;
      pendingReview = { decision: review.decision, actor: review.reviewer };
      await condition(() => state.status !== 'under_review' && settled());
      return { ...state };
    },
    {
      validator: (review: ReviewInput) => {
        rejectUnless(review.reviewerAllowed, '您无权审核该申请单', workflowRejectionTypes.notAllowed);
        rejectUnless(
          state.status === 'under_review' && !reviewReceived && !withdrawRequestedBy,
          '该申请单当前不在医生审核阶段，或已有审核结论'
        );
      }
    }
  );

  setHandler(
    withdrawApplicationUpdate,
    async ({ actor }) => {
      withdrawRequestedBy = actor;
      await condition(() => state.status === 'withdrawn' && settled());
      return { ...state };
    },
    {
      validator: _input =>
        rejectUnless(
          (state.status === 'submitted' ||
            (state.status === 'under_review' && !reviewReceived) ||
            (state.status === 'filing_failed' && stageBeforeFailure === 'person')) &&
            !withdrawRequestedBy,
          '申请单已进入医保报送流程，不能撤回'
        )
    }
  );

  setHandler(
    retryFilingUpdate,
    async ({ actor }) => {
      retryRequestedBy = actor;
      await condition(() => state.status !== 'filing_failed' && settled());
      return { ...state };
    },
    {
      validator: _input =>
        rejectUnless(state.status === 'filing_failed' && !retryRequestedBy, '只有报送失败的申请单可以重新报送')
    }
  );

  setHandler(
    syncFilingStatusUpdate,
    _input => {
      // Cancelling the polling activity makes the main loop poll again at once.
      syncRequested = true;
      pollScope?.cancel();
      return { ...state };
    },
    {
      validator: _input =>
        rejectUnless(
          state.status === 'filed' || state.status === 'no_decision',
          '只有已报送、待医保局审核的申请单可以同步状态'
        )
    }
  );

  setHandler(
    revokeFilingUpdate,
    async ({ actor, reason }) => {
      revoking = true;
      try {
        const outcome = await yibaoLookups.revokeFiling({ applicationId, kind, reason });
        if (!outcome.revoked) {
          throw ApplicationFailure.nonRetryable(
            `医保局不同意撤销：${outcome.message}`,
            workflowRejectionTypes.bureauRefused
          );
        }
        await moveTo('revoked', `撤销备案：${reason}`, { actor, sync: 'revoked' });
        pollScope?.cancel();
        return { ...state };
      } finally {
        revoking = false;
      }
    },
    {
      validator: ({ reason }: { reason: string }) => {
        rejectUnless(reason.trim().length > 0, '请填写撤销原因');
        rejectUnless(
          (state.status === 'filed' || state.status === 'no_decision') && !revoking,
          '医保局已作出决定或申请单未报送，不能撤销'
        );
      }
    }
  );

  const finish = async (): Promise<ApplicationState> => {
    await condition(allHandlersFinished);
    return { ...state };
  };

  /** 1101: the patient must be an insured person; identity problems end in a clear failure. */
  async function verifyPerson(): Promise<boolean> {
    const person = await yibaoLookups.verifyInsuredPerson({ applicationId, kind });
    if (person.ok) return true;
    stageBeforeFailure = 'person';
    state.failureReason = `参保身份核验未通过：${person.reason}`;
    await moveTo('filing_failed', state.failureReason, {
      sync: 'person_invalid',
      fields: { failureReason: state.failureReason }
    });
    return false;
  }

  /** Files once: an ambiguous outcome is reconciled by a query before anything is re-sent. */
  async function file(): Promise<boolean> {
    await moveTo('filing', '开始报送医保', { sync: 'sending' });
    // The application sheet is printed from the approved data before it is filed, and again before a
    // retried filing if the data changed. Only dual-channel workflows reach this, so chronic histories
    // replay unchanged without a patch marker.
    if (kind === 'dual_channel') {
      try {
        await documents.generateEform({ applicationId });
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        return failFiling('双通道申请电子表格生成失败，请稍后重新报送', 'not_sent');
      }
    }
    for (;;) {
      try {
        const filed = await filing.fileApplication({ applicationId, kind });
        state.filingSn = filed.filingSn;
        await moveTo('filed', filed.filingSn ? `医保已受理，业务流水号 ${filed.filingSn}` : '核对确认医保已受理', {
          sync: 'sent',
          fields: { filingSn: filed.filingSn }
        });
        return true;
      } catch (error) {
        const failure = error instanceof ActivityFailure ? error.cause : undefined;
        const type = failure instanceof ApplicationFailure ? failure.type : undefined;
        if (type === filingFailureTypes.ambiguous) {
          state.yibaoSyncStatus = 'ambiguous';
          let reconciled = await yibaoLookups.reconcileFiling({ applicationId, kind });
          if (reconciled.outcome === 'unknown') {
            // The platform cannot tell us yet: wait, then ask again rather than risk a second filing.
            await sleep(settings.pollInterval);
            reconciled = await yibaoLookups.reconcileFiling({ applicationId, kind });
          }
          if (reconciled.outcome === 'not_committed') continue;
          if (reconciled.outcome === 'unknown')
            return failFiling('报送结果无法确认，请人工核实后重新报送', 'ambiguous');
          state.filingSn = reconciled.filingSn;
          await moveTo(
            'filed',
            `核对确认医保已受理${reconciled.filingSn ? `，业务流水号 ${reconciled.filingSn}` : ''}`,
            {
              sync: 'sent',
              fields: { filingSn: reconciled.filingSn }
            }
          );
          return true;
        }
        if (type === filingFailureTypes.business || type === filingFailureTypes.invalidData) {
          return failFiling(`医保返回：${failure?.message ?? '未知错误'}`, 'business_failed');
        }
        if (type === filingFailureTypes.gatewayAuth) {
          return failFiling('医保网关认证失败，请联系信息科', 'business_failed');
        }
        // Retries exhausted within the horizon: a network failure, picked up by the daily retry schedule.
        return failFiling('网络异常，未能在规定时间内报送医保，系统将自动重试', 'network_failed');
      }
    }
  }

  async function failFiling(reason: string, sync: YibaoSyncStatus): Promise<false> {
    stageBeforeFailure = 'filing';
    state.failureReason = reason;
    await moveTo('filing_failed', reason, { sync, fields: { failureReason: reason } });
    return false;
  }

  async function recordDecision(decision: { decision: 'approved' | 'rejected'; detail?: string }): Promise<void> {
    if (decision.decision === 'approved') {
      await moveTo('approved', '医保局备案通过', { sync: 'decided' });
      return;
    }
    state.failureReason = decision.detail ?? '医保局备案未通过';
    await moveTo('rejected', state.failureReason, { sync: 'decided', fields: { failureReason: state.failureReason } });
  }

  /** Polls the bureau until it decides, the deadline passes, or the filing is revoked. */
  async function awaitDecision(): Promise<void> {
    let deadlinePassed = false;
    const deadlineScope = new CancellationScope();
    const deadlineTimer = deadlineScope
      .run(() => sleep(settings.decisionDeadline))
      .then(
        () => {
          deadlinePassed = true;
          pollScope?.cancel();
        },
        (error: unknown) => {
          if (!isCancellation(error)) throw error;
        }
      );
    while (!deadlinePassed && state.status === 'filed') {
      syncRequested = false;
      pollScope = new CancellationScope();
      try {
        await recordDecision(await pollScope.run(() => polling.pollFilingDecision({ applicationId, kind })));
      } catch (error) {
        if (!isCancellation(error)) throw error;
      } finally {
        pollScope = undefined;
      }
    }
    deadlineScope.cancel();
    await deadlineTimer;
    if (deadlinePassed && state.status === 'filed') {
      await moveTo('no_decision', '逾期未获医保局审核结果，转人工跟进');
    }
    // Manual follow-up: an admin may sync again or revoke; the workflow stays open for that.
    while (state.status === 'no_decision') {
      await condition(() => syncRequested || state.status !== 'no_decision');
      if (state.status !== 'no_decision') break;
      syncRequested = false;
      const check = await yibaoLookups.checkFilingDecision({ applicationId, kind });
      if (check.decision !== 'undecided' && state.status === 'no_decision') await recordDecision(check);
    }
  }

  if (await verifyPerson()) await moveTo('under_review', '参保身份已核验，等待医生审核', { sync: 'person_verified' });

  for (;;) {
    if (state.status === 'filing_failed') {
      await condition(() => retryRequestedBy !== undefined || withdrawRequestedBy !== undefined);
      if (withdrawRequestedBy) {
        await moveTo('withdrawn', '申请人撤回申请', { actor: withdrawRequestedBy });
        return finish();
      }
      const actor = retryRequestedBy;
      retryRequestedBy = undefined;
      state.failureReason = undefined;
      if (stageBeforeFailure === 'person') {
        if (await verifyPerson()) {
          await moveTo('under_review', `${actor?.label ?? '管理员'} 重新核验参保身份成功`, {
            actor,
            sync: 'person_verified'
          });
        }
        continue;
      }
      if (await file()) break;
      continue;
    }

    // under_review: wait for the doctor, the patient's withdrawal, or send a reminder when it takes long.
    const decided = await condition(
      () => pendingReview !== undefined || withdrawRequestedBy !== undefined,
      settings.reviewReminderAfter
    );
    if (!decided) {
      await projection.sendReviewReminder({ applicationId, kind });
      continue;
    }
    if (withdrawRequestedBy) {
      await moveTo('withdrawn', '申请人撤回申请', { actor: withdrawRequestedBy });
      return finish();
    }
    const review = pendingReview;
    if (review?.decision === 'reject') {
      await moveTo('doctor_rejected', '医生审核未通过', { actor: review.actor });
      return finish();
    }
    if (await file()) break;
  }

  await awaitDecision();
  return finish();
}
