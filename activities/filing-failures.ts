import { ApplicationFailure } from '@temporalio/activity';
import { FilingFailure, filingFailureTypes, type FilingFailureKind } from '../domain/filing-outcome';
import { YibaoError } from '../yibao/errors';

/** The filing outcome an error names, if it is a Yibao call's or one of our filing checks'. */
export function filingFailureKindOf(error: unknown): FilingFailureKind | undefined {
  if (error instanceof FilingFailure) return error.kind;
  if (error instanceof YibaoError) return error.filingFailure;
  return undefined;
}

/**
 * The one conversion from a filing outcome to the activity's failure: its type is the outcome's Temporal
 * name (domain/filing-outcome.ts), retried by Temporal only when transient. Other errors pass as they are
 * (retried: a bug or an outage of our own).
 */
export function toActivityFailure(error: unknown): unknown {
  const outcome = filingFailureKindOf(error);
  if (!outcome) return error;
  return ApplicationFailure.create({
    message: (error as Error).message,
    type: filingFailureTypes[outcome],
    nonRetryable: outcome !== 'transient'
  });
}

/** For lookups that change nothing: every filing failure is asked again. */
export function toRetryableFailure(error: unknown): unknown {
  if (!filingFailureKindOf(error)) return error;
  return ApplicationFailure.retryable((error as Error).message, filingFailureTypes.transient);
}
