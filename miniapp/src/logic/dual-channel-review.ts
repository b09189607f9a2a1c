/**
 * The doctor's part of a dual-channel filing, as the review page collects it: the diagnosis basis filed with
 * the bureau (the patient's proposal to confirm or rewrite) and, per applied drug, an optional limit chosen
 * with large controls (a number, a unit, a period). The body is checked with the server's own schema.
 */
import type { ReviewDecision } from '../../../domain/application';
import {
  formatApplicationLimit,
  reviewDualChannelApplicationSchema,
  type ApplicationLimit,
  type ReviewDualChannelApplication
} from '../../../domain/application-kinds/dual-channel';

export const limitUnits = ['盒', '瓶', '支', '片', '粒', '袋'] as const;
export const limitPeriods = [
  { days: 30, label: '每月' },
  { days: 90, label: '每季度' },
  { days: 180, label: '每半年' },
  { days: 365, label: '每年' }
] as const;

export interface LimitDraft {
  drugCode: string;
  drugName: string;
  /** False: the drug is filed without a limit. */
  limited: boolean;
  /** As typed. */
  quantity: string;
  unit: string;
  periodDays: number;
}

export function emptyLimitDrafts(drugs: readonly { code: string; name: string }[]): LimitDraft[] {
  return drugs.map(drug => ({
    drugCode: drug.code,
    drugName: drug.name,
    limited: false,
    quantity: '1',
    unit: '盒',
    periodDays: 30
  }));
}

/** `1.5` → 1.5; anything that is not a plain decimal number → NaN (the schema then names the problem). */
function parseQuantity(text: string): number {
  const trimmed = text.trim();
  return /^\d+(?:\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** What the limit will read on the e-form, or undefined while the quantity is not a number. */
export function limitPreview(draft: LimitDraft): string | undefined {
  const quantity = parseQuantity(draft.quantity);
  if (!draft.limited || !(quantity > 0)) return undefined;
  return formatApplicationLimit({ quantity, unit: draft.unit.trim(), periodDays: draft.periodDays });
}

export type ReviewBodyResult = { ok: true; body: ReviewDualChannelApplication } | { ok: false; problem: string };

export interface DualChannelReviewInput {
  decision: ReviewDecision;
  opinion: string;
  diagnosisBasis: string;
  secondDoctorStaffNo: string;
  limits: readonly LimitDraft[];
}

/**
 * The review body: a rejection needs only the opinion; an approval also the diagnosis basis, and carries the
 * limits the doctor switched on. A problem names the drug it concerns.
 */
export function dualChannelReviewBody(input: DualChannelReviewInput): ReviewBodyResult {
  const approving = input.decision === 'approve';
  const limits: ApplicationLimit[] = approving
    ? input.limits
        .filter(limit => limit.limited)
        .map(limit => ({
          drugCode: limit.drugCode,
          quantity: parseQuantity(limit.quantity),
          unit: limit.unit.trim(),
          periodDays: limit.periodDays
        }))
    : [];
  const diagnosisBasis = input.diagnosisBasis.trim();
  const parsed = reviewDualChannelApplicationSchema.safeParse({
    decision: input.decision,
    opinion: input.opinion.trim(),
    ...(approving && diagnosisBasis ? { diagnosisBasis } : {}),
    ...(limits.length ? { applicationLimits: limits } : {}),
    ...(input.secondDoctorStaffNo.trim() ? { secondDoctorStaffNo: input.secondDoctorStaffNo.trim() } : {})
  });
  if (parsed.success) return { ok: true, body: parsed.data };
  const issue = parsed.error.issues[0];
  if (!issue) return { ok: false, problem: '请检查填写的内容' };
  const [field, index] = issue.path;
  if (field === 'applicationLimits' && typeof index === 'number') {
    const drug = input.limits.filter(limit => limit.limited)[index]?.drugName ?? '';
    const message = issue.code === 'invalid_type' ? '请填写限额数量（数字）' : issue.message;
    return { ok: false, problem: `${drug}：${message}` };
  }
  if (field === 'diagnosisBasis') return { ok: false, problem: '请确认或填写报送医保的诊断依据' };
  if (field === 'secondDoctorStaffNo') return { ok: false, problem: '医师2工号不正确' };
  return { ok: false, problem: issue.message };
}
