import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  sleep,
  upsertSearchAttributes,
  workflowInfo
} from '@temporalio/workflow';
import type { ApplicationActivities } from '../activities/application-activities';
import type { YibaoSyncStatus } from '../domain/application';
import { canTransition, type ApplicationStatus } from '../domain/application-status';
import { filingFailureKindOf, type BureauDecision } from '../domain/filing-outcome';
import {
  workflowRejectionTypes,
  type ActorRef,
  type ApplicationState,
  type ApplicationWorkflowSettings,
  type ReviewInput
} from './messages';
import { applicationKeys } from './search-attributes';

/** The activities the lifecycle calls, each through the proxy of its retry policy (application-workflow.ts). */
export type LifecycleActivities = Pick<
  ApplicationActivities,
  | 'recordTransition'
  | 'recordReview'
  | 'sendReviewReminder'
  | 'verifyInsuredPerson'
  | 'fileApplication'
  | 'reconcileFiling'
  | 'pollFilingDecision'
  | 'checkFilingDecision'
  | 'revokeFiling'
  | 'generateEform'
>;

const reject = (message: string, type: string = workflowRejectionTypes.wrongState): never => {
  throw ApplicationFailure.nonRetryable(message, type);
};

/**
 * One application's state and the rules of its moves, after Temporal's safe-message-handlers sample: the
 * workflow function only wires messages to these methods and runs the main loop over its steps. Each
 * validator (`assert…`) refuses a message the state does not allow (the API answers 409); each handler
 * records what the message asks and waits until the main loop has acted on it.
 */
export class ApplicationLifecycle {
  readonly state: ApplicationState = { status: 'submitted', yibaoSyncStatus: 'not_sent' };
  private transitionCount = 0;
  // Updates answer only once the row shows their effect, so the caller's next read agrees with the answer.
  private projectionsInFlight = 0;
  private reviewReceived = false;
  private pendingReview: { decision: 'approve' | 'reject'; actor: ActorRef } | undefined;
  private syncRequested = false;
  private withdrawRequestedBy: ActorRef | undefined;
  private retryRequestedBy: ActorRef | undefined;
  private pollScope: CancellationScope | undefined;
  private revoking = false;
  /** Where a `filing_failed` came from: the 1101 check before review, or the filing itself. */
  private stageBeforeFailure: 'person' | 'filing' = 'person';

  constructor(
    private readonly applicationId: string,
    private readonly settings: ApplicationWorkflowSettings,
    private readonly documentsBeforeFiling: boolean,
    private readonly activities: LifecycleActivities
  ) {}

  snapshot(): ApplicationState {
    return { ...this.state };
  }

  private settled(): boolean {
    return this.projectionsInFlight === 0;
  }

  // ---- Messages: validators and handlers ---------------------------------------------------------

  assertReviewable(): void {
    if (!(this.state.status === 'under_review' && !this.reviewReceived && !this.withdrawRequestedBy)) {
      reject('该申请单当前不在医生审核阶段，或已有审核结论');
    }
  }

  /** The decision is stored before the main loop acts on it: the filing reads the doctor from the row. */
  async review(review: ReviewInput): Promise<ApplicationState> {
    this.reviewReceived = true;
    await this.activities.recordReview({
      applicationId: this.applicationId,
      reviewerUserId: review.reviewer.userId,
      reviewerStaffNo: review.reviewer.staffNo,
      reviewerName: review.reviewer.staffName,
      decision: review.decision,
      opinion: review.opinion,
      diagnosis: review.diagnosis,
      secondDoctor: review.secondDoctor
    });
    this.state.reviewDecision = review.decision;
    this.pendingReview = { decision: review.decision, actor: review.reviewer };
    await condition(() => this.state.status !== 'under_review' && this.settled());
    return this.snapshot();
  }

  assertWithdrawable(): void {
    const { status } = this.state;
    const beforeFiling =
      status === 'submitted' ||
      (status === 'under_review' && !this.reviewReceived) ||
      (status === 'filing_failed' && this.stageBeforeFailure === 'person');
    if (!beforeFiling || this.withdrawRequestedBy) reject('申请单已进入医保报送流程，不能撤回');
  }

  async withdraw(actor: ActorRef): Promise<ApplicationState> {
    this.withdrawRequestedBy = actor;
    await condition(() => this.state.status === 'withdrawn' && this.settled());
    return this.snapshot();
  }

  assertRetryable(): void {
    if (this.state.status !== 'filing_failed' || this.retryRequestedBy) reject('只有报送失败的申请单可以重新报送');
  }

  async retry(actor: ActorRef): Promise<ApplicationState> {
    this.retryRequestedBy = actor;
    await condition(() => this.state.status !== 'filing_failed' && this.settled());
    return this.snapshot();
  }

  assertSyncable(): void {
    if (this.state.status !== 'filed' && this.state.status !== 'no_decision') {
      reject('只有已报送、待医保局审核的申请单可以同步状态');
    }
  }

  /** Cancelling the polling activity makes the main loop poll again at once. */
  sync(): ApplicationState {
    this.syncRequested = true;
    this.pollScope?.cancel();
    return this.snapshot();
  }

  assertRevocable(reason: string): void {
    if (reason.trim().length === 0) reject('请填写撤销原因');
    if (!((this.state.status === 'filed' || this.state.status === 'no_decision') && !this.revoking)) {
      reject('医保局已作出决定或申请单未报送，不能撤销');
    }
  }

  async revoke(actor: ActorRef, reason: string): Promise<ApplicationState> {
    this.revoking = true;
    try {
      const outcome = await this.activities.revokeFiling({ applicationId: this.applicationId, reason });
      if (!outcome.revoked) reject(`医保局不同意撤销：${outcome.message}`, workflowRejectionTypes.bureauRefused);
      await this.moveTo('revoked', `撤销备案：${reason}`, { actor, sync: 'revoked' });
      this.pollScope?.cancel();
      return this.snapshot();
    } finally {
      this.revoking = false;
    }
  }

  // ---- Steps of the main loop ---------------------------------------------------------------------

  private async moveTo(
    status: ApplicationStatus,
    detail: string,
    options: {
      actor?: ActorRef | undefined;
      sync?: YibaoSyncStatus;
      fields?: { filingSn?: string | undefined; failureReason?: string | undefined };
    } = {}
  ): Promise<void> {
    if (status !== this.state.status && !canTransition(this.state.status, status)) {
      throw ApplicationFailure.nonRetryable(`illegal transition ${this.state.status} → ${status}`, 'IllegalTransition');
    }
    const from = this.state.status;
    this.state.status = status;
    if (options.sync) this.state.yibaoSyncStatus = options.sync;
    this.transitionCount += 1;
    upsertSearchAttributes([{ key: applicationKeys.filingStatus, value: status }]);
    this.projectionsInFlight += 1;
    try {
      await this.activities.recordTransition({
        applicationId: this.applicationId,
        eventKey: `${workflowInfo().workflowId}:${this.transitionCount}`,
        from,
        to: status,
        detail,
        actorUserId: options.actor?.userId,
        actorLabel: options.actor?.label,
        yibaoSyncStatus: this.state.yibaoSyncStatus,
        fields: options.fields
      });
    } finally {
      this.projectionsInFlight -= 1;
    }
  }

  /** 1101: the patient must be an insured person; identity problems end in a clear failure. */
  async verifyPerson(): Promise<boolean> {
    const person = await this.activities.verifyInsuredPerson({ applicationId: this.applicationId });
    if (person.ok) return true;
    this.stageBeforeFailure = 'person';
    this.state.failureReason = `参保身份核验未通过：${person.reason}`;
    await this.moveTo('filing_failed', this.state.failureReason, {
      sync: 'person_invalid',
      fields: { failureReason: this.state.failureReason }
    });
    return false;
  }

  async startReview(): Promise<void> {
    await this.moveTo('under_review', '参保身份已核验，等待医生审核', { sync: 'person_verified' });
  }

  /**
   * Waits in `under_review` for the doctor or the patient's withdrawal, reminding the department when it
   * takes long. Returns what ends the wait: a withdrawal, a rejection, or an approval to file.
   */
  async reviewOutcome(): Promise<'withdrawn' | 'rejected' | 'approved'> {
    for (;;) {
      const decided = await condition(
        () => this.pendingReview !== undefined || this.withdrawRequestedBy !== undefined,
        this.settings.reviewReminderAfter
      );
      if (!decided) {
        await this.activities.sendReviewReminder({ applicationId: this.applicationId });
        continue;
      }
      if (this.withdrawRequestedBy) {
        await this.moveTo('withdrawn', '申请人撤回申请', { actor: this.withdrawRequestedBy });
        return 'withdrawn';
      }
      if (this.pendingReview?.decision === 'reject') {
        await this.moveTo('doctor_rejected', '医生审核未通过', { actor: this.pendingReview.actor });
        return 'rejected';
      }
      return 'approved';
    }
  }

  /**
   * Waits in `filing_failed` for an admin's (or the daily schedule's) retry or the patient's withdrawal.
   * A retry of the 1101 check returns to review; a retry of the filing files again.
   */
  async afterFailure(): Promise<'withdrawn' | 'review' | 'file'> {
    await condition(() => this.retryRequestedBy !== undefined || this.withdrawRequestedBy !== undefined);
    if (this.withdrawRequestedBy) {
      await this.moveTo('withdrawn', '申请人撤回申请', { actor: this.withdrawRequestedBy });
      return 'withdrawn';
    }
    const actor = this.retryRequestedBy;
    this.retryRequestedBy = undefined;
    this.state.failureReason = undefined;
    if (this.stageBeforeFailure === 'filing') return 'file';
    if (await this.verifyPerson()) {
      await this.moveTo('under_review', `${actor?.label ?? '管理员'} 重新核验参保身份成功`, {
        actor,
        sync: 'person_verified'
      });
    }
    return 'review';
  }

  /** Files once: an ambiguous outcome is reconciled by a query before anything is re-sent. */
  async file(): Promise<boolean> {
    const { applicationId } = this;
    await this.moveTo('filing', '开始报送医保', { sync: 'sending' });
    // The documents are printed from the approved data before filing, and again before a retried filing if
    // the data changed. Only kinds with documents reach this, so other histories replay without a marker.
    if (this.documentsBeforeFiling) {
      try {
        await this.activities.generateEform({ applicationId });
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        return this.failFiling('双通道申请电子表格生成失败，请稍后重新报送', 'not_sent');
      }
    }
    for (;;) {
      try {
        const filed = await this.activities.fileApplication({ applicationId });
        return this.filed(
          filed.filingSn,
          filed.filingSn ? `医保已受理，业务流水号 ${filed.filingSn}` : '核对确认医保已受理'
        );
      } catch (error) {
        const failure = error instanceof ActivityFailure ? error.cause : undefined;
        const outcome = filingFailureKindOf(
          failure instanceof ApplicationFailure ? (failure.type ?? undefined) : undefined
        );
        if (outcome === 'ambiguous') {
          this.state.yibaoSyncStatus = 'ambiguous';
          let reconciled = await this.activities.reconcileFiling({ applicationId });
          if (reconciled.outcome === 'unknown') {
            // The platform cannot tell us yet: wait, then ask again rather than risk a second filing.
            await sleep(this.settings.pollInterval);
            reconciled = await this.activities.reconcileFiling({ applicationId });
          }
          if (reconciled.outcome === 'not_committed') continue;
          if (reconciled.outcome === 'unknown') {
            return this.failFiling('报送结果无法确认，请人工核实后重新报送', 'ambiguous');
          }
          const sn = reconciled.filingSn;
          return this.filed(sn, `核对确认医保已受理${sn ? `，业务流水号 ${sn}` : ''}`);
        }
        if (outcome === 'business' || outcome === 'invalidData') {
          return this.failFiling(`医保返回：${failure?.message ?? '未知错误'}`, 'business_failed');
        }
        if (outcome === 'gatewayAuth') return this.failFiling('医保网关认证失败，请联系信息科', 'business_failed');
        // Retries exhausted within the horizon: a network failure, picked up by the daily retry schedule.
        return this.failFiling('网络异常，未能在规定时间内报送医保，系统将自动重试', 'network_failed');
      }
    }
  }

  private async filed(filingSn: string | undefined, detail: string): Promise<true> {
    this.state.filingSn = filingSn;
    await this.moveTo('filed', detail, { sync: 'sent', fields: { filingSn } });
    return true;
  }

  private async failFiling(reason: string, sync: YibaoSyncStatus): Promise<false> {
    this.stageBeforeFailure = 'filing';
    this.state.failureReason = reason;
    await this.moveTo('filing_failed', reason, { sync, fields: { failureReason: reason } });
    return false;
  }

  private async recordDecision(decision: BureauDecision): Promise<void> {
    if (decision.decision === 'approved') {
      await this.moveTo('approved', '医保局备案通过', { sync: 'decided' });
      return;
    }
    this.state.failureReason = decision.detail ?? '医保局备案未通过';
    await this.moveTo('rejected', this.state.failureReason, {
      sync: 'decided',
      fields: { failureReason: this.state.failureReason }
    });
  }

  /** Polls the bureau until it decides, the deadline passes, or the filing is revoked; then manual follow-up. */
  async awaitDecision(pollFilingDecision: LifecycleActivities['pollFilingDecision']): Promise<void> {
    const { applicationId } = this;
    let deadlinePassed = false;
    const deadlineScope = new CancellationScope();
    const deadlineTimer = deadlineScope
      .run(() => sleep(this.settings.decisionDeadline))
      .then(
        () => {
          deadlinePassed = true;
          this.pollScope?.cancel();
        },
        (error: unknown) => {
          if (!isCancellation(error)) throw error;
        }
      );
    while (!deadlinePassed && this.state.status === 'filed') {
      this.syncRequested = false;
      const scope = new CancellationScope();
      this.pollScope = scope;
      try {
        await this.recordDecision(await scope.run(() => pollFilingDecision({ applicationId })));
      } catch (error) {
        if (!isCancellation(error)) throw error;
      } finally {
        this.pollScope = undefined;
      }
    }
    deadlineScope.cancel();
    await deadlineTimer;
    if (deadlinePassed && this.state.status === 'filed') {
      await this.moveTo('no_decision', '逾期未获医保局审核结果，转人工跟进');
    }
    // Manual follow-up: an admin may sync again or revoke; the workflow stays open for that.
    while (this.state.status === 'no_decision') {
      await condition(() => this.syncRequested || this.state.status !== 'no_decision');
      if (this.state.status !== 'no_decision') break;
      this.syncRequested = false;
      const check = await this.activities.checkFilingDecision({ applicationId });
      if (check.decision !== 'undecided' && this.state.status === 'no_decision') await this.recordDecision(check);
    }
  }
}
