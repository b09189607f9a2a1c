import type { HisDoctor, HisDoctorFilter, HisVisit, HisVisitQuery } from '../domain/his';

/** The hospital information system as the filing system sees it; `HttpHisAdapter` talks to the real one. */
export interface HisAdapter {
  /** The doctor with this 工号, or undefined when the HIS has none. */
  getDoctor(staffNo: string): Promise<HisDoctor | undefined>;
  listDoctors(filter?: HisDoctorFilter): Promise<HisDoctor[]>;
  /** The patient's visits, newest first. */
  listVisits(query: HisVisitQuery): Promise<HisVisit[]>;
}

/**
 * Why a HIS call failed, as classes with a stable `code`. An unknown doctor is not an error (undefined).
 * - HisUnavailableError: no answer, a timeout or a 5xx/429 → try again later.
 * - HisRejectedError: the HIS refused the request (wrong token, bad input) → a configuration or code bug.
 * - HisBadResponseError: the answer is not what the interface promises → do not use it.
 */
export type HisErrorCode = 'HIS_UNAVAILABLE' | 'HIS_REJECTED' | 'HIS_BAD_RESPONSE';

export abstract class HisError extends Error {
  abstract readonly code: HisErrorCode;
  abstract readonly retryable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class HisUnavailableError extends HisError {
  readonly code = 'HIS_UNAVAILABLE';
  readonly retryable = true;
}

export class HisRejectedError extends HisError {
  readonly code = 'HIS_REJECTED';
  readonly retryable = false;

  /** Undefined when our own check refused the request before sending it. */
  readonly httpStatus: number | undefined;

  constructor(message: string, httpStatus?: number) {
    super(message);
    this.httpStatus = httpStatus;
  }
}

export class HisBadResponseError extends HisError {
  readonly code = 'HIS_BAD_RESPONSE';
  readonly retryable = false;
}
