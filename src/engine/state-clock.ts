// The engine's one clock for state timestamps: strictly increasing within the process, to the microsecond, as
// Prefect's Python client stamps states. Prefect's server keys task-run states on (task_run_id, timestamp), so
// two states of one run must never share a timestamp, even when a fast task passes three states in a millisecond.

/** A `Date` that remembers its microseconds: `toISOString()` (and JSON) give six fraction digits. */
export class MicrosecondDate extends Date {
  /** Microseconds since the epoch. */
  readonly epochMicros: number;

  constructor(epochMicros: number) {
    super(Math.floor(epochMicros / 1000));
    this.epochMicros = epochMicros;
  }

  /** `2026-12-06T03:43:07.060934Z`: the millisecond ISO form with the microseconds appended. */
  override toISOString(): string {
    const micros = String(((this.epochMicros % 1000) + 1000) % 1000).padStart(3, "0");
    return `${super.toISOString().slice(0, 23)}${micros}Z`;
  }
}

let lastMicros = 0;

/**
 * The timestamp of a new state: the wall clock to the microsecond (sub-millisecond digits from the monotonic
 * `performance.now()`), and always after the previous one this process handed out, even if the wall clock steps back.
 */
export function nextStateTimestamp(): MicrosecondDate {
  const wall = Date.now() * 1000 + Math.floor((performance.now() * 1000) % 1000);
  lastMicros = Math.max(wall, lastMicros + 1);
  return new MicrosecondDate(lastMicros);
}

/** Python's `datetime.isoformat()` of a UTC time (`...060934+00:00`), as Prefect puts in `prefect.state-timestamp`. */
export function pythonIsoFormat(date: Date): string {
  return date.toISOString().replace(/Z$/, "+00:00");
}
