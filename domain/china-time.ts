/**
 * China Standard Time (UTC+8, no daylight saving), where the hospital and the bureau work, whatever the
 * server's zone. A fixed offset is exact for every date since 1991, so no time-zone database is needed.
 * Every calendar date the system computes (application numbers, 申请日期, 鉴定日期, list filters, the
 * platform's 日期型) comes from here.
 */
const chinaOffsetMs = 8 * 3_600_000;
const dayMs = 86_400_000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** The calendar and clock fields of an instant as read in China. */
export function chinaParts(at: Date) {
  const shifted = new Date(at.getTime() + chinaOffsetMs);
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

/** The date in China (`yyyy-MM-dd`) at an instant. */
export function chinaDate(at: Date): string {
  const p = chinaParts(at);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The China date `days` days before the one of `at`. */
export function chinaDateDaysBefore(at: Date, days: number): string {
  return chinaDate(new Date(at.getTime() - days * dayMs));
}

/** Reads `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` as China time. */
export function parseChinaTime(text: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(text);
  if (!match) throw new Error(`not a date: ${text}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - chinaOffsetMs);
}

/** The instants a range of China dates covers: from the start of `from` to the start of the day after `to`. */
export function chinaDayRange(range: { from?: string | undefined; to?: string | undefined }): {
  from: Date | undefined;
  to: Date | undefined;
} {
  return {
    from: range.from ? parseChinaTime(range.from) : undefined,
    to: range.to ? new Date(parseChinaTime(range.to).getTime() + dayMs) : undefined
  };
}

/** `yyyy-MM-dd HH:mm:ss` (with `.SSS` when asked) in China, as exports and staff screens show instants. */
export function chinaDateTime(at: Date, options: { milliseconds?: boolean } = {}): string {
  const p = chinaParts(at);
  const time = `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
  return options.milliseconds ? `${time}.${p.millisecond}` : time;
}
