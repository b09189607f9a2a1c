/**
 * The platform's clocks are China Standard Time (UTC+8, no daylight saving), whatever the server's zone.
 * A fixed offset is exact for every date since 1991, so no time-zone database is needed.
 */
const chinaOffsetMs = 8 * 3_600_000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function chinaParts(date: Date) {
  const shifted = new Date(date.getTime() + chinaOffsetMs);
  return {
    year: pad(shifted.getUTCFullYear(), 4),
    month: pad(shifted.getUTCMonth() + 1),
    day: pad(shifted.getUTCDate()),
    hour: pad(shifted.getUTCHours()),
    minute: pad(shifted.getUTCMinutes()),
    second: pad(shifted.getUTCSeconds()),
    millisecond: pad(shifted.getUTCMilliseconds(), 3)
  };
}

/** `yyyy-MM-dd HH:mm:ss` (日期时间型, inf_time). */
export function formatDateTime(date: Date): string {
  const p = chinaParts(date);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** `yyyy-MM-dd` (日期型). */
export function formatDate(date: Date): string {
  const p = chinaParts(date);
  return `${p.year}-${p.month}-${p.day}`;
}

/** `yyyyMMddHHmmss`, the time part of msgid. */
export function formatCompactTime(date: Date): string {
  const p = chinaParts(date);
  return `${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
}

/** `yyyyMMddHHmmssSSS` (refmsg_time, respond_time). */
export function formatCompactMillis(date: Date): string {
  return `${formatCompactTime(date)}${chinaParts(date).millisecond}`;
}

/** Reads `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` as China time. */
export function parseChinaTime(text: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(text);
  if (!match) throw new Error(`not a date: ${text}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - chinaOffsetMs);
}
