import { chinaDate, chinaParts } from '../domain/china-time';

/** The platform's time formats; its clocks are China time (domain/china-time.ts). */

/** `yyyy-MM-dd HH:mm:ss` (日期时间型, inf_time). */
export function formatDateTime(date: Date): string {
  const p = chinaParts(date);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** `yyyy-MM-dd` (日期型). */
export const formatDate = chinaDate;

/** `yyyyMMddHHmmss`, the time part of msgid. */
export function formatCompactTime(date: Date): string {
  const p = chinaParts(date);
  return `${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
}

/** `yyyyMMddHHmmssSSS` (refmsg_time, respond_time). */
export function formatCompactMillis(date: Date): string {
  return `${formatCompactTime(date)}${chinaParts(date).millisecond}`;
}
