/** `1.5 GiB`: binary units with one decimal, as `cf stats` prints sizes. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

export function formatPercent(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(1)}%`;
}

/** Picks a meter's tone: calm below 70 %, a warning up to 90 %, then danger. */
export function percentTone(value: number): 'ok' | 'warn' | 'danger' {
  if (value >= 90) return 'danger';
  return value >= 70 ? 'warn' : 'ok';
}

/** `sha256:0123456789ab`: enough of a digest to tell two apart; the full one goes in a tooltip. */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return colon < 0 ? digest.slice(0, 12) : digest.slice(0, colon + 13);
}

/** A time from main, in the reader's own time zone and format. */
export function formatTime(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return time.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** `just now`, `4 min ago`, `2 h ago`, for how old a result is. */
export function formatAge(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) return iso;
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return formatTime(iso);
}
