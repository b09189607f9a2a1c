import { condition, allHandlersFinished, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ApplicationActivities } from '../activities/application-activities';
import { nonRetryableFilingFailureTypes } from '../domain/filing-outcome';
import { ApplicationLifecycle } from './application-lifecycle';
import {
  applicationStateQuery,
  reviewApplicationUpdate,
  revokeFilingUpdate,
  retryFilingUpdate,
  syncFilingStatusUpdate,
  withdrawApplicationUpdate,
  type ApplicationState,
  type ApplicationWorkflowInput,
  type ApplicationWorkflowSettings,
  type ReviewInput
} from './messages';

// One proxy per retry policy, each exposing only the activities that policy is for.

/** Writes of the application row: quick, retried a while. */
const { recordTransition, recordReview, sendReviewReminder } = proxyActivities<
  Pick<ApplicationActivities, 'recordTransition' | 'recordReview' | 'sendReviewReminder'>
>({ startToCloseTimeout: '30s', retry: { initialInterval: '1s', maximumInterval: '1m' } });

/** Yibao calls that change nothing or are answered either way (1101, reconciliation, one check, revocation). */
const { verifyInsuredPerson, reconcileFiling, checkFilingDecision, revokeFiling } = proxyActivities<
  Pick<ApplicationActivities, 'verifyInsuredPerson' | 'reconcileFiling' | 'checkFilingDecision' | 'revokeFiling'>
>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '5s', maximumInterval: '5m', nonRetryableErrorTypes: nonRetryableFilingFailureTypes }
});

/** Printing documents launches a browser: slower than a row write, retried like one. */
const { generateEform } = proxyActivities<Pick<ApplicationActivities, 'generateEform'>>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '5s', maximumInterval: '5m', maximumAttempts: 20 }
});

/** The proxies whose policy comes from the configuration at submission. */
function configuredActivities(settings: ApplicationWorkflowSettings) {
  // Transient failures retry up to the horizon. A worker that dies mid-call is noticed after the
  // start-to-close timeout; the retry then checks before it re-sends.
  const { fileApplication } = proxyActivities<Pick<ApplicationActivities, 'fileApplication'>>({
    startToCloseTimeout: '30s',
    scheduleToCloseTimeout: settings.filingRetryHorizon,
    retry: {
      initialInterval: '2s',
      backoffCoefficient: 2,
      maximumInterval: '10m',
      nonRetryableErrorTypes: nonRetryableFilingFailureTypes
    }
  });
  // Retry-driven polling: each "not decided yet" is a retry, which adds nothing to the history.
  const { pollFilingDecision } = proxyActivities<Pick<ApplicationActivities, 'pollFilingDecision'>>({
    startToCloseTimeout: '1m',
    retry: { initialInterval: settings.pollInterval, backoffCoefficient: 1, maximumInterval: settings.pollInterval }
  });
  return { fileApplication, pollFilingDecision };
}

/**
 * One application's life, for every kind: 1101 → doctor review → (documents →) filing → polling the bureau's
 * decision, with withdrawal, retry, sync and revocation as messages. The kind's transactions are chosen by
 * the activities from the application row.
 */
export async function applicationWorkflow(input: ApplicationWorkflowInput): Promise<ApplicationState> {
  const { fileApplication, pollFilingDecision } = configuredActivities(input.settings);
  const lifecycle = new ApplicationLifecycle(input.applicationId, input.settings, input.documentsBeforeFiling, {
    recordTransition,
    recordReview,
    sendReviewReminder,
    verifyInsuredPerson,
    fileApplication,
    reconcileFiling,
    pollFilingDecision,
    checkFilingDecision,
    revokeFiling,
    generateEform
  });

  setHandler(applicationStateQuery, () => lifecycle.snapshot());
  setHandler(reviewApplicationUpdate, review => lifecycle.review(review), {
    validator: (_review: ReviewInput) => lifecycle.assertReviewable()
  });
  setHandler(withdrawApplicationUpdate, ({ actor }) => lifecycle.withdraw(actor), {
    validator: _input => lifecycle.assertWithdrawable()
  });
  setHandler(retryFilingUpdate, ({ actor }) => lifecycle.retry(actor), {
    validator: _input => lifecycle.assertRetryable()
  });
  setHandler(syncFilingStatusUpdate, _input => lifecycle.sync(), { validator: _input => lifecycle.assertSyncable() });
  setHandler(revokeFilingUpdate, ({ actor, reason }) => lifecycle.revoke(actor, reason), {
    validator: ({ reason }: { reason: string }) => lifecycle.assertRevocable(reason)
  });

  const finish = async (): Promise<ApplicationState> => {
    await condition(allHandlersFinished);
    return lifecycle.snapshot();
  };

  if (await lifecycle.verifyPerson()) await lifecycle.startReview();
  for (;;) {
    if (lifecycle.state.status === 'filing_failed') {
      const next = await lifecycle.afterFailure();
      if (next === 'withdrawn') return finish();
      if (next === 'review') continue;
    } else if ((await lifecycle.reviewOutcome()) !== 'approved') {
      return finish();
    }
    if (await lifecycle.file()) break;
  }
  await lifecycle.awaitDecision(pollFilingDecision);
  return finish();
}

/** Input of workflows started before the kinds were generic: no `documentsBeforeFiling`, and unread fields. */
type StartedBeforeKindModules = Omit<ApplicationWorkflowInput, 'documentsBeforeFiling'> &
  Partial<Pick<ApplicationWorkflowInput, 'documentsBeforeFiling'>>;

/** The workflow type chronic applications were started with before `applicationWorkflow`; kept for them. */
export async function chronicApplication(input: StartedBeforeKindModules): Promise<ApplicationState> {
  return applicationWorkflow({ ...input, documentsBeforeFiling: input.documentsBeforeFiling ?? false });
}

/** The workflow type dual-channel applications were started with before `applicationWorkflow`; kept for them. */
export async function dualChannelApplication(input: StartedBeforeKindModules): Promise<ApplicationState> {
  return applicationWorkflow({ ...input, documentsBeforeFiling: input.documentsBeforeFiling ?? true });
}
