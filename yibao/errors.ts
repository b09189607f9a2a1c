/**
 * What a caller can do about a failed Yibao call, as classes with a stable `code`:
 * - YibaoNetworkError: the request never left (connect failed) → retry.
 * - YibaoAmbiguousError: the request left and no usable answer came back (timeout, reset, 5xx, unreadable or
 *   unverifiable response) → the platform may have committed it; reconcile a state-changing call with a
 *   query (5301/5311) instead of sending it again. Queries may simply be retried.
 * - YibaoGatewayAuthError: the gateway refused our credentials (HTTP 401/403) → do not retry, alert.
 * - YibaoBusinessError: infcode -1 with the platform's err_msg → not retryable unless the message is one of
 *   `transientBusinessMessages`.
 * - YibaoValidationError: our own check refused the input → never sent.
 * Each names the filing outcome it is for the workflow (`filingFailure`, domain/filing-outcome.ts).
 */
import type { FilingFailureKind } from '../domain/filing-outcome';

export type YibaoErrorCode =
  'YIBAO_NETWORK' | 'YIBAO_AMBIGUOUS' | 'YIBAO_GATEWAY_AUTH' | 'YIBAO_BUSINESS' | 'YIBAO_VALIDATION';

export abstract class YibaoError extends Error {
  abstract readonly code: YibaoErrorCode;
  /** True when sending the same call again is safe and may succeed. */
  abstract readonly retryable: boolean;
  /** True when the platform may have committed the request. */
  abstract readonly mayBeCommitted: boolean;
  /** What the failure means for a filing step, in the workflow's terms. */
  abstract readonly filingFailure: FilingFailureKind;
  readonly infno: string;
  readonly msgid: string | undefined;

  constructor(message: string, infno: string, msgid: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.infno = infno;
    this.msgid = msgid;
    this.name = new.target.name;
  }
}

export class YibaoNetworkError extends YibaoError {
  readonly code = 'YIBAO_NETWORK';
  readonly retryable = true;
  readonly mayBeCommitted = false;
  readonly filingFailure = 'transient';
}

export type AmbiguousReason = 'timeout' | 'reset' | 'http-status' | 'bad-response' | 'bad-signature';

export class YibaoAmbiguousError extends YibaoError {
  readonly code = 'YIBAO_AMBIGUOUS';
  readonly mayBeCommitted = true;
  readonly retryable: boolean;
  readonly filingFailure: FilingFailureKind;
  readonly reason: AmbiguousReason;
  readonly httpStatus: number | undefined;

  constructor(
    message: string,
    infno: string,
    msgid: string,
    details: { reason: AmbiguousReason; stateChanging: boolean; httpStatus?: number; cause?: unknown }
  ) {
    super(message, infno, msgid, { cause: details.cause });
    this.reason = details.reason;
    // A query changes nothing, so asking again is the reconciliation.
    this.retryable = !details.stateChanging;
    this.filingFailure = details.stateChanging ? 'ambiguous' : 'transient';
    this.httpStatus = details.httpStatus;
  }
}

export class YibaoGatewayAuthError extends YibaoError {
  readonly code = 'YIBAO_GATEWAY_AUTH';
  readonly retryable = false;
  readonly mayBeCommitted = false;
  readonly filingFailure = 'gatewayAuth';
  readonly alert = true;
  constructor(
    message: string,
    infno: string,
    msgid: string,
    readonly httpStatus: number
  ) {
    super(message, infno, msgid);
  }
}

/**
 * err_msg fragments that mean "try again later" rather than "this request is wrong". The only list of its kind:
 * add a message here when the platform is seen returning it for a passing overload or maintenance.
 */
export const transientBusinessMessages: readonly string[] = [
  '系统繁忙',
  '请稍后重试',
  '请稍后再试',
  '服务暂不可用',
  '数据库连接超时',
  '连接超时',
  '网络异常',
  'Read timed out',
  'Connection reset'
];

/** err_msg fragments that mean the sign_no is not (or no longer) valid: renew with 9001 and retry once. */
export const signInRejectedMessages: readonly string[] = ['未签到', '签到信息', '签到流水号', '签到已失效', 'sign_no'];

export function isTransientBusinessMessage(errMsg: string): boolean {
  return transientBusinessMessages.some(fragment => errMsg.includes(fragment));
}

export function isSignInRejectedMessage(errMsg: string): boolean {
  return signInRejectedMessages.some(fragment => errMsg.includes(fragment));
}

export class YibaoBusinessError extends YibaoError {
  readonly code = 'YIBAO_BUSINESS';
  readonly mayBeCommitted = false;
  readonly retryable: boolean;
  readonly filingFailure: FilingFailureKind;
  constructor(
    readonly errMsg: string,
    infno: string,
    msgid: string,
    readonly infRefmsgid: string | undefined
  ) {
    super(`【${infno}】医保平台返回失败：${errMsg}`, infno, msgid);
    this.retryable = isTransientBusinessMessage(errMsg);
    this.filingFailure = this.retryable ? 'transient' : 'business';
  }
}

export class YibaoValidationError extends YibaoError {
  readonly code = 'YIBAO_VALIDATION';
  readonly retryable = false;
  readonly mayBeCommitted = false;
  readonly filingFailure = 'invalidData';
  constructor(
    readonly issues: string[],
    infno: string
  ) {
    super(`【${infno}】输入校验未通过：${issues.join('；')}`, infno, undefined);
  }
}
