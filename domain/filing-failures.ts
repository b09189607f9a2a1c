/**
 * Failure types a Yibao activity ends with, so the workflow can act on each: retry is left to Temporal for
 * transient ones; these are the non-retryable kinds it branches on.
 */
export const filingFailureTypes = {
  /** The bureau answered infcode -1; its err_msg is the failure message. */
  business: 'YibaoBusinessFailure',
  /** The request left and no answer came: it may have been committed; reconcile before re-sending. */
  ambiguous: 'YibaoAmbiguousOutcome',
  /** The gateway refused our credentials or signature: an operator must act. */
  gatewayAuth: 'YibaoGatewayAuthFailure',
  /** Our own validation refused the data before anything was sent. */
  invalidData: 'YibaoInvalidData',
  /** The bureau has not decided yet (polling). */
  undecided: 'YibaoUndecided'
} as const;

export type FilingFailureType = (typeof filingFailureTypes)[keyof typeof filingFailureTypes];

export const nonRetryableFilingFailureTypes: string[] = [
  filingFailureTypes.business,
  filingFailureTypes.ambiguous,
  filingFailureTypes.gatewayAuth,
  filingFailureTypes.invalidData
];
