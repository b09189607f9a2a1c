/** Dates and durations as the hospital reads them: China time, 24-hour clock, Chinese units. */
const chinaOffsetMs = 8 * 3_600_000;

function chinaParts(iso: string): string | undefined {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return undefined;
  return new Date(time + chinaOffsetMs).toISOString();
}

/** `2026-11-29 14:05`, or `—` without a value. */
export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '—';
  const local = chinaParts(iso);
  if (!local) return '—';
  return `${local.slice(0, 10)} ${local.slice(11, withSeconds ? 19 : 16)}`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return chinaParts(iso)?.slice(0, 10) ?? '—';
}

/** Today's China date, `yyyy-MM-dd`. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + chinaOffsetMs).toISOString().slice(0, 10);
}

/** How long ago: `12分钟`, `5小时20分`, `3天4小时`. */
export function formatAge(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return '—';
  const ms = Math.max(now.getTime() - new Date(iso).getTime(), 0);
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return '不到1分钟';
  if (minutes < 60) return `${minutes}分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours}小时${minutes % 60}分` : `${hours}小时`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days}天${hours % 24}小时` : `${days}天`;
}

export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined) return '—';
  return `${(share * 100).toFixed(share > 0 && share < 0.001 ? 2 : 1)}%`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A China date as the API's date filter takes it, from a date picker's timestamp. */
export function chinaDateOf(timestamp: number): string {
  return chinaToday(new Date(timestamp));
}

/** The picker's timestamp for a China date (midnight in China). */
export function timestampOfChinaDate(date: string): number {
  return new Date(`${date}T00:00:00+08:00`).getTime();
}
