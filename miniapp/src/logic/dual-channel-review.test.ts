import { describe, expect, it } from 'vitest';
import { dualChannelReviewBody, emptyLimitDrafts, limitPreview } from './dual-channel-review';

const drugs = [
  { code: 'XL01XEA298A001010105487', name: '甲磺酸奥希替尼片' },
  { code: 'XL01XXA316A001010104412', name: '奥拉帕利片' }
];
const input = (overrides: Partial<Parameters<typeof dualChannelReviewBody>[0]> = {}) => ({
  decision: 'approve' as const,
  opinion: '符合用药指征',
  diagnosisBasis: '肺腺癌，EGFR 19号外显子突变',
  secondDoctorStaffNo: '',
  limits: emptyLimitDrafts(drugs),
  ...overrides
});

describe("the doctor's dual-channel review", () => {
  it('files the confirmed diagnosis basis and no limit unless one is switched on', () => {
    expect(dualChannelReviewBody(input())).toEqual({
      ok: true,
      body: { decision: 'approve', opinion: '符合用药指征', diagnosisBasis: '肺腺癌，EGFR 19号外显子突变' }
    });
  });

  it('needs the diagnosis basis to approve, not to reject', () => {
    expect(dualChannelReviewBody(input({ diagnosisBasis: '  ' }))).toEqual({
      ok: false,
      problem: '请确认或填写报送医保的诊断依据'
    });
    expect(dualChannelReviewBody(input({ decision: 'reject', diagnosisBasis: '' }))).toEqual({
      ok: true,
      body: { decision: 'reject', opinion: '符合用药指征' }
    });
  });

  it('carries the limits switched on, one per drug, as the e-form prints them', () => {
    const limits = emptyLimitDrafts(drugs);
    limits[1] = { ...limits[1]!, limited: true, quantity: '2', unit: '瓶', periodDays: 90 };
    expect(limitPreview(limits[1])).toBe('每 90 天 2 瓶');
    expect(limitPreview(limits[0]!)).toBeUndefined();
    const result = dualChannelReviewBody(input({ limits, secondDoctorStaffNo: ' D1002 ' }));
    expect(result).toEqual({
      ok: true,
      body: {
        decision: 'approve',
        opinion: '符合用药指征',
        diagnosisBasis: '肺腺癌，EGFR 19号外显子突变',
        secondDoctorStaffNo: 'D1002',
        applicationLimits: [{ drugCode: drugs[1]!.code, quantity: 2, unit: '瓶', periodDays: 90 }]
      }
    });
  });

  it("names the drug whose limit is wrong, in the server schema's words", () => {
    const limits = emptyLimitDrafts(drugs).map(limit => ({ ...limit, limited: true }));
    limits[1] = { ...limits[1]!, quantity: '一盒' };
    expect(dualChannelReviewBody(input({ limits }))).toEqual({
      ok: false,
      problem: '奥拉帕利片：请填写限额数量（数字）'
    });
    limits[1] = { ...limits[1], quantity: '0' };
    expect(dualChannelReviewBody(input({ limits }))).toEqual({ ok: false, problem: '奥拉帕利片：限额数量应大于0' });
    limits[1] = { ...limits[1], quantity: '1.00001' };
    expect(dualChannelReviewBody(input({ limits }))).toEqual({ ok: false, problem: '奥拉帕利片：限额数量最多4位小数' });
  });

  it('sends no limit with a rejection', () => {
    const limits = emptyLimitDrafts(drugs).map(limit => ({ ...limit, limited: true, quantity: 'x' }));
    expect(dualChannelReviewBody(input({ decision: 'reject', limits }))).toMatchObject({ ok: true });
  });
});
