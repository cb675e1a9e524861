// How the dashboard writes times and durations: local date-times, compact durations, "3 minutes ago".

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** `Dec 6, 2026, 5:02:14 AM`; an em dash for none. */
export function formatDateTime(date: Date | null | undefined): string {
  return date ? dateTime.format(date) : "—";
}

/** `850ms`, `12s`, `3m 05s`, `2h 07m`; an em dash for none. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

/** `3 minutes ago`, `in 2 hours`; "never" for none. */
export function formatRelative(date: Date | null | undefined, now: Date = new Date()): string {
  if (!date) return "never";
  const seconds = (date.getTime() - now.getTime()) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(Math.round(seconds), "second");
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), "hour");
  return relative.format(Math.round(seconds / 86400), "day");
}

/** A run's duration: its total run time once it has ended, else the time since it started. */
export function runDuration(
  run: { totalRunTime?: number | null; startTime?: Date | null; endTime?: Date | null },
  now: Date = new Date(),
): number | null {
  if (run.endTime && run.startTime) return (run.endTime.getTime() - run.startTime.getTime()) / 1000;
  if (run.startTime) return (now.getTime() - run.startTime.getTime()) / 1000;
  return null;
}
