import type { ApplicationDetail, RevealField } from '@/api/applications';

/** What the detail page and the review workspace give a kind's fields component (`KindView.fields`). */
export interface KindFieldsProps {
  detail: ApplicationDetail;
  /** Full values the user revealed (with a reason, audited), by field. */
  revealed: Partial<Record<RevealField, string>>;
  canReveal: boolean;
  /** The review workspace's narrow column: what a doctor decides on, one column. */
  compact?: boolean;
}

export interface KindFieldsEmits {
  reveal: [field: RevealField];
}
