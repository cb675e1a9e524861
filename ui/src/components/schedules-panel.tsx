// A deployment's schedules on its page: each with its next runs in its own time zone (the runs the server's
// scheduler has stored, told apart by their idempotency key, `scheduled <deployment> <schedule> <time>`), pause or
// resume, edit and delete; and the form that adds one. The schedule maths stays on the server.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { Deployment, DeploymentSchedule, DeploymentScheduleInput, FlowRun } from "prefect-ts/client";
import { useClient } from "../client-context";
import { LIVE_INTERVAL_MS } from "../hooks";
import { ScheduleForm } from "./schedule-form";
import { formatInZone } from "./schedule-preview";
import { describeSchedule, scheduleZone } from "./schedule-text";
import { StatusBadge } from "./status-badge";

/** How many upcoming runs each schedule shows. */
const PREVIEW_RUNS = 3;

/** The schedule id of a run the scheduler made (Prefect's key: `scheduled <deployment id> <schedule id> <time>`). */
function scheduleIdOf(run: FlowRun): string | undefined {
  return /^scheduled \S+ (\S+) /.exec(run.idempotencyKey ?? "")?.[1];
}

/** The schedules panel of `deployment`. */
export function SchedulesPanel(props: { deployment: Deployment }): ReactNode {
  const { deployment } = props;
  const client = useClient();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | "new" | undefined>();
  const upcoming = useQuery({
    queryKey: ["deployment-upcoming", deployment.id],
    queryFn: () =>
      client.readFlowRuns({
        flowRunFilter: { deploymentId: { any_: [deployment.id] }, state: { type: { any_: ["SCHEDULED"] } } },
        sort: "EXPECTED_START_TIME_ASC",
        limit: 100,
      }),
    refetchInterval: LIVE_INTERVAL_MS * 4,
  });
  const refresh = (): Promise<unknown> =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["deployment", deployment.id] }),
      queryClient.invalidateQueries({ queryKey: ["deployment-upcoming", deployment.id] }),
    ]);
  const save = useMutation({
    mutationFn: async ({
      scheduleId,
      input,
    }: {
      scheduleId: string | undefined;
      input: DeploymentScheduleInput;
    }): Promise<void> => {
      if (scheduleId === undefined) await client.createDeploymentSchedules(deployment.id, [input]);
      else await client.updateDeploymentSchedule(deployment.id, scheduleId, input);
    },
    onSuccess: async () => {
      await refresh();
      setEditing(undefined);
    },
  });
  const toggle = useMutation({
    mutationFn: (schedule: DeploymentSchedule) =>
      client.updateDeploymentSchedule(deployment.id, schedule.id, { active: !schedule.active }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (schedule: DeploymentSchedule) => client.deleteDeploymentSchedule(deployment.id, schedule.id),
    onSettled: refresh,
  });
  const byId = new Map<string, FlowRun[]>();
  for (const run of upcoming.data ?? []) {
    const id = scheduleIdOf(run);
    if (id !== undefined) byId.set(id, [...(byId.get(id) ?? []), run]);
  }
  const open = (target: string | "new" | undefined): void => {
    save.reset();
    setEditing(target);
  };
  const failure = toggle.error ?? remove.error;

  return (
    <div className="panel" role="region" aria-label="Schedules">
      <div className="panel-head">
        <h2>Schedules</h2>
        {editing === undefined ? (
          <button type="button" onClick={() => open("new")}>
            Add schedule
          </button>
        ) : null}
      </div>
      {editing === "new" ? (
        <ScheduleForm
          pending={save.isPending}
          error={save.error}
          onSave={(input) => save.mutate({ scheduleId: undefined, input })}
          onCancel={() => open(undefined)}
        />
      ) : null}
      {deployment.schedules.length === 0 && editing !== "new" ? (
        <p className="muted">No schedules: runs start on demand.</p>
      ) : null}
      {failure ? (
        <p className="error" role="alert">
          {failure.message}
        </p>
      ) : null}
      <ul className="plain schedules">
        {deployment.schedules.map((schedule) => {
          const label = describeSchedule(schedule.schedule);
          const zone = scheduleZone(schedule.schedule);
          const next = (byId.get(schedule.id) ?? []).slice(0, PREVIEW_RUNS);
          return (
            <li key={schedule.id} className="schedule" data-schedule={schedule.id} aria-label={`${label} (${zone})`}>
              <div className="schedule-head">
                <span>
                  <strong>{label}</strong> <span className="muted">{zone}</span>{" "}
                  <StatusBadge status={schedule.active ? "ACTIVE" : "PAUSED"} />
                </span>
                <span className="actions">
                  <button type="button" onClick={() => toggle.mutate(schedule)} disabled={toggle.isPending}>
                    {schedule.active ? "Pause" : "Resume"}
                  </button>
                  <button type="button" onClick={() => open(schedule.id)}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => remove.mutate(schedule)}
                    disabled={remove.isPending}
                  >
                    Delete
                  </button>
                </span>
              </div>
              {editing === schedule.id ? (
                <ScheduleForm
                  schedule={schedule}
                  pending={save.isPending}
                  error={save.error}
                  onSave={(input) => save.mutate({ scheduleId: schedule.id, input })}
                  onCancel={() => open(undefined)}
                />
              ) : null}
              {schedule.active && !deployment.paused ? (
                next.length > 0 ? (
                  <ol className="next-runs" aria-label={`Next runs of ${label}`}>
                    {next.map((run) => (
                      <li key={run.id}>{run.expectedStartTime ? formatInZone(run.expectedStartTime, zone) : "—"}</li>
                    ))}
                  </ol>
                ) : (
                  <p className="muted">{upcoming.isLoading ? "Loading the next runs…" : "No runs scheduled yet."}</p>
                )
              ) : (
                <p className="muted">
                  {deployment.paused
                    ? "The deployment is paused: no runs are scheduled."
                    : "Paused: no runs are scheduled."}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
