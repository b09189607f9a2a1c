import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatFileSize, formatYuan, oneYearLater, todayInChina } from './format';

describe('dates and sizes as they read on the phone', () => {
  it('writes dates the Chinese way, in China time', () => {
    expect(formatDate('2026-03-05')).toBe('2026年3月5日');
    expect(formatDateTime('2026-03-04T16:05:00.000Z')).toBe('2026年3月5日 00:05');
    expect(todayInChina(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
  });

  it('ends a one-year validity the day before the anniversary, leap years included', () => {
    expect(oneYearLater('2026-03-05')).toBe('2027-03-04');
    expect(oneYearLater('2027-03-01')).toBe('2028-02-29');
  });

  it('shows sizes and money briefly', () => {
    expect(formatFileSize(512)).toBe('512 B');
    expect(formatFileSize(150 * 1024)).toBe('150 KB');
    expect(formatFileSize(3.5 * 1024 * 1024)).toBe('3.5 MB');
    expect(formatYuan(15.8)).toBe('¥15.80');
  });
});
