// The `deployment_schedule` table: a deployment's schedules with their ids, `active`, `slug`, `parameters`
// and `max_scheduled_runs`. Schedules arrive here already validated and with their write-time defaults filled.
import type { DeploymentSchedule, DeploymentScheduleCreate, DeploymentScheduleUpdate } from "../../schemas/index.js";
import { fromJson, text } from "./codec.js";
import type { Connection, Row } from "./connection.js";
import { newId } from "./ids.js";

/** A schedule to store: the create body without `replaces` (resolved by the caller). */
export type ScheduleToStore = Omit<DeploymentScheduleCreate, "replaces">;

function toSchedule(row: Row): DeploymentSchedule {
  return {
    id: row.id as string,
    created: text(row.created),
    updated: text(row.updated),
    deployment_id: text(row.deployment_id),
    schedule: fromJson<DeploymentSchedule["schedule"]>(row.schedule, { interval: 3600, timezone: null }),
    active: row.active === 1,
    max_scheduled_runs: typeof row.max_scheduled_runs === "number" ? row.max_scheduled_runs : null,
    parameters: fromJson<Record<string, unknown>>(row.parameters, {}),
    slug: text(row.slug),
  };
}

/** Deployment schedule rows. */
export class DeploymentSchedulesTable {
  constructor(private readonly conn: Connection) {}

  /** The schedules of a deployment, oldest first. */
  list(deploymentId: string): DeploymentSchedule[] {
    return this.conn
      .all("SELECT * FROM deployment_schedule WHERE deployment_id = ? ORDER BY created ASC, id ASC", [deploymentId])
      .map(toSchedule);
  }

  /** One schedule of a deployment. */
  read(deploymentId: string, scheduleId: string): DeploymentSchedule | undefined {
    const row = this.conn.get("SELECT * FROM deployment_schedule WHERE deployment_id = ? AND id = ?", [
      deploymentId,
      scheduleId,
    ]);
    return row && toSchedule(row);
  }

  /** Inserts schedules for a deployment; returns them as stored, in order. */
  insert(deploymentId: string, schedules: readonly ScheduleToStore[], now: Date): DeploymentSchedule[] {
    const stamp = now.toISOString();
    const ids = schedules.map((s) => {
      const id = newId(now.getTime());
      this.conn.run(
        `INSERT INTO deployment_schedule (id, created, updated, deployment_id, schedule, active, max_scheduled_runs, parameters, slug)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          stamp,
          stamp,
          deploymentId,
          JSON.stringify(s.schedule),
          s.active ? 1 : 0,
          s.max_scheduled_runs,
          JSON.stringify(s.parameters),
          s.slug,
        ],
      );
      return id;
    });
    return ids.map((id) => this.read(deploymentId, id) as DeploymentSchedule);
  }

  /** Applies the fields set in `patch`; false when the deployment has no such schedule. */
  update(deploymentId: string, scheduleId: string, patch: DeploymentScheduleUpdate, now: Date): boolean {
    const columns: string[] = [];
    const params: unknown[] = [];
    const set = (column: string, value: unknown) => {
      columns.push(`${column} = ?`);
      params.push(value);
    };
    if (patch.active !== undefined && patch.active !== null) set("active", patch.active ? 1 : 0);
    if (patch.schedule !== undefined && patch.schedule !== null) set("schedule", JSON.stringify(patch.schedule));
    if (patch.max_scheduled_runs !== undefined) set("max_scheduled_runs", patch.max_scheduled_runs);
    if (patch.parameters !== undefined) set("parameters", JSON.stringify(patch.parameters));
    if (patch.slug !== undefined) set("slug", patch.slug);
    set("updated", now.toISOString());
    return (
      this.conn.run(`UPDATE deployment_schedule SET ${columns.join(", ")} WHERE deployment_id = ? AND id = ?`, [
        ...params,
        deploymentId,
        scheduleId,
      ]) === 1
    );
  }

  /** Deletes one schedule; false when the deployment has no such schedule. */
  delete(deploymentId: string, scheduleId: string): boolean {
    return (
      this.conn.run("DELETE FROM deployment_schedule WHERE deployment_id = ? AND id = ?", [
        deploymentId,
        scheduleId,
      ]) === 1
    );
  }

  /** Deletes every schedule of a deployment. */
  deleteAll(deploymentId: string): void {
    this.conn.run("DELETE FROM deployment_schedule WHERE deployment_id = ?", [deploymentId]);
  }
}
