/** How dates, sizes and codes read on a phone screen, in plain Chinese. */
import { chinaDate } from '../../../domain/china-time';
import type { PatientRelation } from '../../../domain/consent';

export const relationLabels: Record<PatientRelation, string> = {
  self: '本人',
  child: '子女',
  spouse: '配偶',
  parent: '父母',
  other: '其他'
};

/** The relation choices in the order the form offers them. */
export const relationChoices: PatientRelation[] = ['self', 'child', 'spouse', 'parent', 'other'];

export const sexLabels = { male: '男', female: '女' } as const;

function chinaParts(iso: string): { date: string; time: string } | undefined {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return undefined;
  const shifted = new Date(at.getTime() + 8 * 3_600_000).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

/** `2026-03-05` → `2026年3月5日`. */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return isoDate;
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}

/** An instant, in China time: `2026年3月5日 14:05`. */
export function formatDateTime(iso: string): string {
  const parts = chinaParts(iso);
  return parts ? `${formatDate(parts.date)} ${parts.time}` : iso;
}

export function todayInChina(now: Date): string {
  return chinaDate(now);
}

/** The day before the same date a year later: a one-year validity (`2026-03-05` → `2027-03-04`). */
export function oneYearLater(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(year + 1, month - 1, day) - 86_400_000);
  return end.toISOString().slice(0, 10);
}

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Money in yuan with two decimals: `12.5` → `¥12.50`. */
export function formatYuan(value: number): string {
  return `¥${value.toFixed(2)}`;
}
