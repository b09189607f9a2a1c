import type { z } from 'zod';

/**
 * Who reviews a kind's applications: the doctors of the department the application was routed to at
 * submission, or any doctor holding the dual-channel permission an admin grants.
 */
export type ReviewRule = { by: 'department' } | { by: 'dualChannelGrant' };

/**
 * The pure part of an application kind: its names, its schemas and its rules. Imported by the API, the
 * console and the mini-program; the server side (rows, Yibao transactions, documents) is in
 * application-kinds/ and refers to this.
 */
export interface ApplicationKindDefinition {
  /** Stored in `applications.kind` and the `ApplicationKind` search attribute. */
  id: string;
  /** 门诊慢特病, 双通道特药 … */
  label: string;
  /** Two capital letters before the date of the application number. */
  applicationNoPrefix: string;
  workflowIdPrefix: string;
  /** The HTTP resource of the kind, e.g. `/api/chronic-applications`, and its OpenAPI tag. */
  apiPath: string;
  apiTag: string;
  /** The kind's segment in the fronts' page paths: the console's `/applications/chronic`, the mini-program's pages. */
  pageSegment: string;
  /**
   * What the cross-kind lists (console, export) show in their two kind-dependent columns: what the
   * application is for (病种, 药品) and where (鉴定机构, 双通道机构).
   */
  listColumns: { subject: string; institution: string };
  review: ReviewRule & {
    /** What a doctor without the right is told. */
    deniedMessage: string;
    /** The review names a second doctor (2511 doctor 2), looked up in the HIS by 工号. */
    secondDoctor: boolean;
    /** What the review route's summary says happens on approval. */
    approvalSummary: string;
  };
  /** Documents printed from the approved data before filing (the dual-channel e-form). */
  documentsBeforeFiling: boolean;
  /** The reviewing doctor may read the patient's Yibao medication records (5205). */
  medicationRecords: boolean;
  /** 409 text when the same patient already has an application of this kind in progress for the same thing. */
  duplicateMessage: string;
  /** Request and response schemas of the kind's routes; each kind module exports them typed. */
  schemas: {
    create: z.ZodType;
    review: z.ZodType;
    listFilter: z.ZodType;
    summary: z.ZodType;
    detail: z.ZodType;
  };
}
