import { describe, expect, it } from 'vitest';
import { chinaDateOf, chinaToday, formatAge, formatDateTime, formatPercent, timestampOfChinaDate } from './format';

describe('dates and durations as the hospital reads them', () => {
  it('shows instants in China time whatever the browser zone', () => {
    expect(formatDateTime('2026-11-29T16:30:00.000Z')).toBe('2026-11-30 00:30');
    expect(formatDateTime('2026-11-29T16:30:07.000Z', true)).toBe('2026-11-30 00:30:07');
    expect(formatDateTime(null)).toBe('—');
    expect(chinaToday(new Date('2026-11-29T16:30:00.000Z'))).toBe('2026-11-30');
  });

  it('turns a China date into a picker timestamp and back', () => {
    expect(chinaDateOf(timestampOfChinaDate('2026-02-28'))).toBe('2026-02-28');
  });

  it('says how long something waits in Chinese units', () => {
    const now = new Date('2026-11-29T10:00:00Z');
    expect(formatAge('2026-11-29T09:59:30Z', now)).toBe('不到1分钟');
    expect(formatAge('2026-11-29T09:48:00Z', now)).toBe('12分钟');
    expect(formatAge('2026-11-29T04:40:00Z', now)).toBe('5小时20分');
    expect(formatAge('2026-11-26T06:00:00Z', now)).toBe('3天4小时');
  });

  it('writes shares as percentages', () => {
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(null)).toBe('—');
  });
});
