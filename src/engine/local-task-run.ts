// A task run as the engine keeps it client-side (Prefect 3's engine does the same): its wire fields, updated on
// each state change exactly as Prefect's `set_state` does (run_count, start/end time, total run time), so the
// events sent to the server carry the whole run.
import type { CreateTaskRunOptions, State } from "../client/index.js";
import { schemas, toWire } from "../client/index.js";
import { isTerminal } from "./states.js";

/** The options a task run is created with (the fallback path sends them to POST /task_runs/ as they are). */
export type TaskRunCreateOptions = CreateTaskRunOptions & { id: string; name: string };

/** What one state change did: the state before, and the run's wire fields after (a snapshot). */
export interface TaskRunTransition {
  readonly initial: State | null;
  readonly validated: State;
  /** Prefect's `task_run.model_dump(mode="json", exclude_none=True, exclude={id, created, updated, flow_run_id, state*, estimated*})`. */
  readonly taskRun: Record<string, unknown>;
}

/** A task run recorded by the engine; its states are decided locally. */
export class LocalTaskRun {
  /** The latest state, null before the first. */
  state: State | null = null;
  /** The id of the last event sent for this run (the next one `follows` it). */
  lastEventId: string | null = null;
  private runCount = 0;
  private totalRunTime = 0;
  private startTime: Date | null = null;
  private endTime: Date | null = null;
  // The same times as wire strings, converted once.
  private expectedStartIso: string | null = null;
  private nextScheduledIso: string | null = null;
  private startIso: string | null = null;
  private endIso: string | null = null;
  private readonly fixed: Record<string, unknown>;

  /**
   * @param options the creation options (id, keys, name, policy, tags, inputs, cache key)
   * @param flowRunRunCount the flow run's run count when this task run started (Prefect's `flow_run_run_count`)
   */
  constructor(
    readonly options: TaskRunCreateOptions,
    private readonly flowRunRunCount: number,
  ) {
    const p = options.empiricalPolicy ?? {};
    const policy: Record<string, unknown> = { max_retries: 0, retry_delay_seconds: 0 };
    if (p.retries != null) policy.retries = p.retries;
    if (p.retryDelay != null) policy.retry_delay = p.retryDelay;
    if (p.retryJitterFactor != null) policy.retry_jitter_factor = p.retryJitterFactor;
    this.fixed = {
      name: options.name,
      task_key: options.taskKey,
      dynamic_key: options.dynamicKey,
      ...(options.cacheKey != null ? { cache_key: options.cacheKey } : {}),
      ...(options.cacheExpiration != null ? { cache_expiration: options.cacheExpiration.toISOString() } : {}),
      ...(options.taskVersion != null ? { task_version: options.taskVersion } : {}),
      empirical_policy: policy,
      tags: options.tags ?? [],
      labels: options.labels ?? {},
      task_inputs: options.taskInputs ? toWire(schemas.TaskInputs, options.taskInputs) : {},
    };
  }

  /** The run's id. */
  get id(): string {
    return this.options.id;
  }

  /** The flow run it belongs to. */
  get flowRunId(): string | null {
    return this.options.flowRunId;
  }

  /** Moves the run to `state`, updating its fields as Prefect's task engine does; returns the transition. */
  transition(state: State): TaskRunTransition {
    const initial = this.state;
    const at = state.timestamp ?? new Date();
    if (initial === null) this.expectedStartIso = at.toISOString();
    if (initial?.type === "RUNNING" && initial.timestamp)
      this.totalRunTime += (at.getTime() - initial.timestamp.getTime()) / 1000;
    if (state.type === "RUNNING") {
      this.runCount++;
      if (this.startTime === null) {
        this.startTime = at;
        this.startIso = at.toISOString();
      }
    }
    const scheduled = state.type === "SCHEDULED" ? state.stateDetails?.scheduledTime : null;
    if (scheduled) this.nextScheduledIso = scheduled.toISOString();
    if (isTerminal(state.type) && this.startTime !== null && this.endTime === null) {
      this.endTime = at;
      this.endIso = at.toISOString();
    }
    this.state = state;
    return { initial, validated: state, taskRun: this.snapshot() };
  }

  private snapshot(): Record<string, unknown> {
    const f = this.fixed;
    const run: Record<string, unknown> = {
      name: f.name,
      task_key: f.task_key,
      dynamic_key: f.dynamic_key,
      empirical_policy: f.empirical_policy,
      tags: f.tags,
      labels: f.labels,
      task_inputs: f.task_inputs,
      run_count: this.runCount,
      flow_run_run_count: this.flowRunRunCount,
      total_run_time: this.totalRunTime,
    };
    if (f.cache_key !== undefined) run.cache_key = f.cache_key;
    if (f.cache_expiration !== undefined) run.cache_expiration = f.cache_expiration;
    if (f.task_version !== undefined) run.task_version = f.task_version;
    if (this.expectedStartIso !== null) run.expected_start_time = this.expectedStartIso;
    if (this.nextScheduledIso !== null) run.next_scheduled_start_time = this.nextScheduledIso;
    if (this.startIso !== null) run.start_time = this.startIso;
    if (this.endIso !== null) run.end_time = this.endIso;
    return run;
  }
}
