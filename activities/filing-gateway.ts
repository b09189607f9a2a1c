import type { ApplicationKind } from '../domain/application';

/**
 * What the application workflow needs from the bureau, per kind: chronic filings go over 2503/5301/2504,
 * dual-channel filings over 2511/5311/2512. The Yibao implementation lives in yibao-filing-gateway.ts.
 */
export interface InsuredPersonQuery {
  applicationNo: string;
  certNo: string;
  name: string;
}

export type InsuredPersonCheck =
  { ok: true; psnNo: string; insutype: string; insuplcAdmdvs: string } | { ok: false; reason: string };

/** Everything a filing needs, read from the application row and decrypted by the activity. */
export interface FilingApplication {
  kind: ApplicationKind;
  applicationNo: string;
  psnNo: string;
  insutype: string;
  insuplcAdmdvs: string;
  certNo: string;
  name: string;
  phone?: string | undefined;
  address?: string | undefined;
  beginDate: string;
  endDate?: string | undefined;
  filingSn?: string | undefined;
  /** When the patient submitted: a filing the bureau holds from before belongs to an earlier application. */
  submittedAt: Date;
  chronic?: {
    diseaseCode: string;
    diseaseName: string;
    institutionCode: string;
    institutionName: string;
    hospIdeDate: string;
    diagDrCodg: string;
    diagDrName: string;
  };
  dualChannel?: DualChannelFiling;
}

/** The 2511 fields of a dual-channel application besides the person (which 1101 supplies at filing). */
export interface DualChannelFiling {
  appyDate: string;
  condAbst?: string | undefined;
  appyLmt: string[];
  drugs: { code: string; name: string }[];
  institutions: { code: string; name: string; poolareaNo: string }[];
  doctor1: { staffNo: string; name: string };
  doctor2?: { staffNo: string; name: string } | undefined;
  agent?:
    | {
        name: string;
        certType: string;
        certNo: string;
        tel: string;
        relation: string;
        addr?: string | undefined;
      }
    | undefined;
}

export type ReconcileOutcome =
  /** The serial number is absent when only the approved list (5301/5311, which carries none) shows the filing. */
  { outcome: 'committed'; filingSn?: string | undefined } | { outcome: 'not_committed' } | { outcome: 'unknown' };

export type DecisionCheck = { decision: 'approved' | 'rejected'; detail?: string } | { decision: 'undecided' };

export interface FilingGateway {
  verifyInsuredPerson(query: InsuredPersonQuery): Promise<InsuredPersonCheck>;
  /** Throws FilingGatewayError; any other error counts as transient. */
  file(application: FilingApplication, attempt: number): Promise<{ filingSn: string }>;
  reconcile(application: FilingApplication): Promise<ReconcileOutcome>;
  checkDecision(application: FilingApplication): Promise<DecisionCheck>;
  revoke(
    application: FilingApplication,
    reason: string
  ): Promise<{ revoked: true } | { revoked: false; message: string }>;
}

export type FilingGatewayErrorKind = 'business' | 'ambiguous' | 'gateway_auth' | 'invalid_data' | 'transient';

/** The gateway's verdict on a failed call, in the terms the workflow acts on. */
export class FilingGatewayError extends Error {
  constructor(
    readonly kind: FilingGatewayErrorKind,
    message: string
  ) {
    super(message);
    this.name = 'FilingGatewayError';
  }
}
