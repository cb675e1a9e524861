// The form that adds or edits one deployment schedule: cron, interval or rrule, in an IANA time zone, active or
// paused, with its next runs previewed as it is typed. The preview runs the server's own schedule maths in the
// browser (schedule-preview.tsx, loaded lazily); on save the server checks the schedule again (its 422 names the
// field and the fix) and schedules the runs.
import { useId, useState, type FormEvent, type ReactNode } from "react";
import type { DeploymentSchedule, DeploymentScheduleInput } from "prefect-ts/client";
import { SchedulePreview, type FormSchedule } from "./schedule-preview";

/** The three kinds of schedule Prefect has. */
export type ScheduleKind = "cron" | "interval" | "rrule";

/** The browser's own time zone, the default of a new schedule (Prefect's UI does the same). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

const ZONES: readonly string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

type ScheduleFields = { kind: ScheduleKind; value: string; timezone: string; active: boolean };

/** The editable fields of a schedule, read from a stored one (or the defaults of a new one). */
function fieldsOf(schedule: DeploymentSchedule | undefined): ScheduleFields {
  const s = schedule?.schedule as
    { cron?: string; interval?: number; rrule?: string; timezone?: string | null } | undefined;
  const timezone = s?.timezone ?? (schedule ? "UTC" : browserTimeZone());
  const active = schedule?.active ?? true;
  if (s?.interval !== undefined) return { kind: "interval", value: String(s.interval), timezone, active };
  if (s?.rrule !== undefined) return { kind: "rrule", value: s.rrule, timezone, active };
  return { kind: "cron", value: s?.cron ?? "", timezone, active };
}

/** The schedule the form saves, and previews. */
function scheduleOf(fields: ScheduleFields): FormSchedule {
  const timezone = fields.timezone.trim() || "UTC";
  if (fields.kind === "interval") return { interval: Number(fields.value), timezone };
  if (fields.kind === "rrule") return { rrule: fields.value.trim(), timezone };
  return { cron: fields.value.trim(), timezone };
}

/** Props of {@link ScheduleForm}. */
export interface ScheduleFormProps {
  /** The schedule to edit; none adds one. */
  schedule?: DeploymentSchedule;
  pending: boolean;
  /** The server's answer to the last save, when it refused. */
  error: Error | null;
  onSave: (input: DeploymentScheduleInput) => void;
  onCancel: () => void;
}

/** Adds or edits a schedule. */
export function ScheduleForm(props: ScheduleFormProps): ReactNode {
  const id = useId();
  const [fields, setFields] = useState(() => fieldsOf(props.schedule));
  const set = (patch: Partial<typeof fields>): void => setFields((current) => ({ ...current, ...patch }));
  const schedule = scheduleOf(fields);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    props.onSave({ schedule, active: fields.active });
  };
  const valueLabel = { cron: "Cron expression", interval: "Interval (seconds)", rrule: "RRule" }[fields.kind];
  const placeholder = { cron: "0 9 * * 1-5", interval: "3600", rrule: "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9" }[fields.kind];
  return (
    <form className="schedule-form" aria-label={props.schedule ? "Edit schedule" : "Add schedule"} onSubmit={submit}>
      <fieldset className="kinds">
        <legend>Schedule type</legend>
        {(["cron", "interval", "rrule"] as const).map((kind) => (
          <label key={kind}>
            <input
              type="radio"
              name={`${id}-kind`}
              value={kind}
              checked={fields.kind === kind}
              onChange={() => set({ kind, value: "" })}
            />
            {{ cron: "Cron", interval: "Interval", rrule: "RRule" }[kind]}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-value`}>{valueLabel}</label>
      {fields.kind === "rrule" ? (
        <textarea
          id={`${id}-value`}
          value={fields.value}
          placeholder={placeholder}
          onChange={(e) => set({ value: e.target.value })}
          aria-describedby={`${id}-preview`}
          required
          rows={2}
        />
      ) : (
        <input
          id={`${id}-value`}
          type={fields.kind === "interval" ? "number" : "text"}
          min={fields.kind === "interval" ? 1 : undefined}
          value={fields.value}
          placeholder={placeholder}
          onChange={(e) => set({ value: e.target.value })}
          aria-describedby={`${id}-preview`}
          required
        />
      )}
      <label htmlFor={`${id}-zone`}>Time zone</label>
      <input
        id={`${id}-zone`}
        list={`${id}-zones`}
        value={fields.timezone}
        onChange={(e) => set({ timezone: e.target.value })}
      />
      <datalist id={`${id}-zones`}>
        {ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <SchedulePreview schedule={schedule} empty={fields.value.trim() === ""} messageId={`${id}-preview`} />
      <label className="check">
        <input type="checkbox" checked={fields.active} onChange={(e) => set({ active: e.target.checked })} /> Active
      </label>
      {props.error ? (
        <p className="error" role="alert">
          {props.error.message}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={props.pending}>
          {props.schedule ? "Save schedule" : "Add schedule"}
        </button>
      </div>
    </form>
  );
}
