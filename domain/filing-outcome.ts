/**
 * One vocabulary for how a filing step with the bureau ends, from the Yibao client to the workflow. The
 * client classifies its errors into a `FilingFailureKind` (yibao/errors.ts), the activity reports that kind
 * as the failure's type (its Temporal name below, kept stable for recorded histories), and the workflow
 * branches on the same kind.
 */
export const filingFailureTypes = {
  /** The bureau refused (infcode -1, not transient); its err_msg is the message. */
  business: 'YibaoBusinessFailure',
  /** The request left and no usable answer came: it may have been committed; reconcile before re-sending. */
  ambiguous: 'YibaoAmbiguousOutcome',
  /** The gateway refused our credentials or signature: an operator must act. */
  gatewayAuth: 'YibaoGatewayAuthFailure',
  /** Our own validation refused the data before anything was sent. */
  invalidData: 'YibaoInvalidData',
  /** Not sent, or refused for a reason that passes (network, HTTP 5xx before sending, busy): retried. */
  transient: 'YibaoTransientFailure',
  /** The bureau has not decided yet (polling). */
  undecided: 'YibaoUndecided'
} as const;

export type FilingFailureKind = keyof typeof filingFailureTypes;

/** Failures the activity retry policy must not retry: the workflow decides what follows. */
export const nonRetryableFilingFailureTypes: string[] = [
  filingFailureTypes.business,
  filingFailureTypes.ambiguous,
  filingFailureTypes.gatewayAuth,
  filingFailureTypes.invalidData
];

/** The kind a failure type names, if it is one of ours. */
export function filingFailureKindOf(type: string | undefined): FilingFailureKind | undefined {
  return (Object.keys(filingFailureTypes) as FilingFailureKind[]).find(kind => filingFailureTypes[kind] === type);
}

/** A failed filing step in these terms, raised by our own checks around the Yibao calls. */
export class FilingFailure extends Error {
  constructor(
    readonly kind: FilingFailureKind,
    message: string
  ) {
    super(message);
    this.name = 'FilingFailure';
  }
}

/** 2503 / 2511 accepted: the serial number is absent when only the approved list (5301/5311) showed it. */
export interface FilingReceipt {
  filingSn: string | undefined;
}

/** After an ambiguous filing: did the bureau commit it? */
export type ReconcileOutcome =
  { outcome: 'committed'; filingSn?: string | undefined } | { outcome: 'not_committed' } | { outcome: 'unknown' };

export type BureauDecision = { decision: 'approved' | 'rejected'; detail?: string | undefined };
export type DecisionCheck = BureauDecision | { decision: 'undecided' };

export type RevocationOutcome = { revoked: true } | { revoked: false; message: string };

/** 1101 before review: the patient must be an insured person in the platform's records. */
export type InsuredPersonCheck =
  { ok: true; insuredPersonNo: string; insuranceType: string; insuredAreaCode: string } | { ok: false; reason: string };

/** The insured person and period of an application, read from its row and decrypted, for any filing. */
export interface FilingPerson {
  applicationNo: string;
  insuredPersonNo: string;
  insuranceType: string;
  insuredAreaCode: string;
  idNo: string;
  name: string;
  phone?: string | undefined;
  address?: string | undefined;
  beginDate: string;
  endDate?: string | undefined;
  filingSn?: string | undefined;
  /** When the patient submitted: a filing the bureau holds from before belongs to an earlier application. */
  submittedAt: Date;
}

/** What identifies a filing among the bureau's: its begin date and what it is for. */
export interface BureauFilingKey {
  beginDate: string;
  diseaseCode?: string | null | undefined;
  drugCodes?: readonly string[] | null | undefined;
}
