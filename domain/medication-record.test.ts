import { describe, expect, it } from 'vitest';
import { medicationRecordPeriod, medicationRecordQuerySchema } from './medication-record';

describe('the period of a medication-record query', () => {
  const today = '2026-06-15';

  it('is the last 365 days by default, and a year from or up to a single date given', () => {
    expect(medicationRecordPeriod({}, today)).toEqual({ from: '2025-06-15', to: '2026-06-15' });
    expect(medicationRecordPeriod({ to: '2026-03-31' }, today)).toEqual({ from: '2025-03-31', to: '2026-03-31' });
    expect(medicationRecordPeriod({ from: '2026-01-01' }, today)).toEqual({ from: '2026-01-01', to: '2026-06-15' });
    expect(medicationRecordPeriod({ from: '2025-01-01', to: '2025-03-31' }, today)).toEqual({
      from: '2025-01-01',
      to: '2025-03-31'
    });
  });

  it('refuses an end after today, more than 366 days at once, or a start more than five years back', () => {
    expect(medicationRecordPeriod({ to: '2026-06-16' }, today)).toEqual({ refused: '结束日期不能晚于今天' });
    expect(medicationRecordPeriod({ from: '2025-06-14', to: '2026-06-15' }, today)).toEqual({
      refused: '查询期间不能超过 366 天，请分段查询'
    });
    expect(medicationRecordPeriod({ from: '2025-06-15', to: '2026-06-15' }, today)).toEqual({
      from: '2025-06-15',
      to: '2026-06-15'
    });
    expect(medicationRecordPeriod({ from: '2021-06-14', to: '2021-12-31' }, today)).toEqual({
      refused: '只能查询近 5 年的用药记录'
    });
  });

  it('is validated as two real dates in order, and nothing else', () => {
    expect(medicationRecordQuerySchema.safeParse({ from: '2026-02-30' }).success).toBe(false);
    expect(
      medicationRecordQuerySchema.safeParse({ from: '2026-03-01', to: '2026-02-01' }).error?.issues[0]?.message
    ).toBe('开始日期不能晚于结束日期');
    expect(medicationRecordQuerySchema.safeParse({ since: '2026-01-01' }).success).toBe(false);
  });
});
