// The next runs of a schedule while it is being edited, computed in the browser by the package's own schedule maths
// (src/schedules, the server's: write-time defaults, then the next times), so it shows the runs that saving schedules.
// The maths (cron-parser, luxon, rrule) loads on first use as a chunk of its own, never with the first page. It is
// imported by path, not as a package entry: it is no public export, and a path is what Vite, tsc and the layer
// check (.dependency-cruiser.cjs, which allows ui/ this one file of src/schedules) all resolve alike.
import { useEffect, useMemo, useState, type ReactNode } from "react";

/** How many upcoming runs the preview shows. */
export const PREVIEW_COUNT = 5;

type ScheduleMaths = typeof import("../../../src/schedules/index.js");

/**
 * A schedule as the form saves it. Its fields are spelled alike on the wire and in the client's models, so the same
 * object is the client's input and the maths' (no mapping between the two to keep in step).
 */
export type FormSchedule =
  { cron: string; timezone: string } | { interval: number; timezone: string } | { rrule: string; timezone: string };

let loading: Promise<ScheduleMaths> | undefined;
let loaded: ScheduleMaths | undefined;

/** The schedule maths, imported once per page (a failed import is retried by the next form that asks). */
function loadScheduleMaths(): Promise<ScheduleMaths> {
  loading ??= import("../../../src/schedules/index.js").then(
    (maths) => (loaded = maths),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** `Mon, Dec 7, 2026, 09:00 AM EST`: a run time as a wall time in `timeZone`, named (UTC when the browser lacks it). */
export function formatInZone(date: Date, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  };
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone: "UTC" }).format(date);
  }
}

type Preview =
  | { readonly kind: "loading" }
  | { readonly kind: "times"; readonly times: readonly Date[] }
  | { readonly kind: "invalid"; readonly message: string };

/**
 * What the server does on save, from `now`: fill the write-time defaults (an interval's anchor, an rrule's DTSTART)
 * and validate, then the next times after `now`. A ScheduleError is the user's to fix, so its message is shown as
 * it is (it names the field and the fix); any other error is ours, and the server still checks on save.
 */
function previewOf(maths: ScheduleMaths, schedule: FormSchedule, now: Date): Preview {
  try {
    const stored = maths.withScheduleDefaults(schedule, now);
    const times = maths.nextScheduledTimes(stored, { after: now, count: PREVIEW_COUNT });
    return { kind: "times", times };
  } catch (error) {
    const message =
      error instanceof Error && error.name === "ScheduleError"
        ? error.message
        : "The next runs cannot be previewed; the server checks the schedule when it is saved.";
    return { kind: "invalid", message };
  }
}

/** Props of {@link SchedulePreview}. */
export interface SchedulePreviewProps {
  /** The schedule as the form would save it. */
  schedule: FormSchedule;
  /** Nothing typed yet: a hint instead of an error. */
  empty: boolean;
  /** The id of the message saying why there are no times, for the value field's aria-describedby. */
  messageId: string;
}

/** The next {@link PREVIEW_COUNT} runs of `schedule` in its time zone, or why there are none yet; announced politely. */
export function SchedulePreview(props: SchedulePreviewProps): ReactNode {
  const [maths, setMaths] = useState<ScheduleMaths | Error | undefined>(loaded);
  useEffect(() => {
    if (maths !== undefined) return;
    let live = true;
    // Both outcomes are handled here, so the chained promise never rejects.
    void loadScheduleMaths().then(
      (loadedMaths) => live && setMaths(loadedMaths),
      (error: unknown) => live && setMaths(error instanceof Error ? error : new Error(String(error))),
    );
    return () => {
      live = false;
    };
  }, [maths]);
  const key = JSON.stringify(props.schedule);
  const preview = useMemo((): Preview => {
    if (maths === undefined) return { kind: "loading" };
    if (maths instanceof Error) return { kind: "invalid", message: `The preview could not load: ${maths.message}` };
    return previewOf(maths, props.schedule, new Date());
    // `key` stands for the schedule's content: the form builds a new object each render, the same fields compute
    // nothing new (and keep the times, so nothing is announced again).
  }, [maths, key]);
  const label = `Next runs in ${props.schedule.timezone}`;
  const times = !props.empty && preview.kind === "times" && preview.times.length > 0 ? preview.times : undefined;
  const [message, tone] = props.empty
    ? ["The next runs show here as you type.", "muted"]
    : preview.kind === "loading"
      ? ["Computing the next runs…", "muted"]
      : preview.kind === "invalid"
        ? [preview.message, "error"]
        : times === undefined
          ? ["This schedule has no runs to come.", "muted"]
          : // An interval without an anchor counts from the moment it is stored, as the server anchors it on save.
            ["interval" in props.schedule ? `${label}, counting from when it is saved:` : `${label}:`, "muted"];

  // One live region for the message and the list, polite: it changes as the user types, so it must not interrupt
  // (the server's refusal on save is the form's alert).
  return (
    <div className="schedule-preview" aria-live="polite">
      <p className={tone} id={props.messageId}>
        {message}
      </p>
      {times ? (
        <ol className="next-runs" aria-label={label}>
          {times.map((time) => (
            <li key={time.getTime()}>
              <time dateTime={time.toISOString()}>{formatInZone(time, props.schedule.timezone)}</time>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
