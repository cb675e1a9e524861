// Prefect 3's task_run_recorder: task runs are created client-side and reported as `prefect.task-run.<State>`
// events; this turns each into a task-run upsert (fields from the payload's `task_run`, current state from its
// `validated_state`, id = event id, timestamp = occurred) and a state row. Other events are stored whole.
import { z } from "zod";
import {
  DateTimeString,
  KeyValueLabels,
  StateDetails,
  StateTypeSchema,
  TaskInputs,
  TaskRunPolicy,
  type Event,
  type State,
} from "../../schemas/index.js";
import { toUtc, toUtcMicros } from "../store/codec.js";
import type { Store } from "../store/store.js";
import type { TaskRunUpsert } from "../store/task-run-upserts.js";
import { recordRunLiveness } from "./run-liveness-recorder.js";

const TASK_RUN_PREFIX = "prefect.task-run.";
const FLOW_RUN_PREFIX = "prefect.flow-run.";
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** `validated_state` of the payload (as Prefect's `emit_task_run_state_change_event` sends it). */
const ValidatedState = z.object({
  type: StateTypeSchema,
  name: z.string().nullable().default(null),
  message: z.string().nullable().default(null),
  state_details: StateDetails.prefault({}),
  data: z.unknown().optional(),
});

const Timestamp = DateTimeString.nullable().optional();

/** `task_run` of the payload: the client's TaskRun dump; only the fields it carries are written. */
const ReportedTaskRun = z.object({
  name: z.string().optional(),
  task_key: z.string().optional(),
  dynamic_key: z.string().optional(),
  cache_key: z.string().nullable().optional(),
  cache_expiration: Timestamp,
  task_version: z.string().nullable().optional(),
  empirical_policy: TaskRunPolicy.optional(),
  tags: z.array(z.string()).optional(),
  labels: KeyValueLabels.nullable().optional(),
  task_inputs: TaskInputs.optional(),
  run_count: z.int().optional(),
  flow_run_run_count: z.int().optional(),
  expected_start_time: Timestamp,
  next_scheduled_start_time: Timestamp,
  start_time: Timestamp,
  end_time: Timestamp,
  total_run_time: z.number().optional(),
});
type ReportedTaskRun = z.infer<typeof ReportedTaskRun>;

const TIMESTAMP_COLUMNS = new Set([
  "cache_expiration",
  "expected_start_time",
  "next_scheduled_start_time",
  "start_time",
  "end_time",
]);
const JSON_COLUMNS = new Set(["empirical_policy", "tags", "labels", "task_inputs"]);

/** A task-run state event, decoded: the state it records, and (decoded on demand) the upsert of its task run. */
export interface TaskRunRecord {
  readonly taskRunId: string;
  readonly flowRunId: string | null;
  readonly state: State;
  /** The payload's `task_run`, still undecoded: only a run's latest record in a batch is written. */
  readonly reported: unknown;
}

/** The UUID after `prefix` in a resource id, lowercased; undefined when the id is not of that kind. */
function objectId(resourceId: string | undefined, prefix: string): string | undefined {
  if (resourceId === undefined || !resourceId.startsWith(prefix)) return undefined;
  const id = resourceId.slice(prefix.length);
  return UUID.test(id) ? id.toLowerCase() : undefined;
}

/** Whether Prefect's recorder takes this event: a `prefect.task-run.*` event orchestrated by the client. */
export function isTaskRunStateEvent(event: Event): boolean {
  return event.event.startsWith(TASK_RUN_PREFIX) && event.resource["prefect.orchestration"] === "client";
}

function encodeColumns(run: ReportedTaskRun): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const key in run) {
    const value = run[key as keyof ReportedTaskRun];
    if (value === undefined) continue;
    if (TIMESTAMP_COLUMNS.has(key)) columns[key] = toUtc(value as string | null);
    else if (JSON_COLUMNS.has(key)) columns[key] = value === null ? null : JSON.stringify(value);
    else columns[key] = value;
  }
  return columns;
}

/**
 * Decodes a task-run state event as Prefect's `task_run_from_event` does: the task run id from the resource,
 * the flow run from the related resource in role `flow-run`, the state from `validated_state` with the event's
 * id and time. Undefined when the event is not one, or is malformed (it is then stored as is).
 */
export function taskRunRecordFromEvent(event: Event): TaskRunRecord | undefined {
  if (!isTaskRunStateEvent(event)) return undefined;
  const taskRunId = objectId(event.resource["prefect.resource.id"], TASK_RUN_PREFIX);
  if (taskRunId === undefined) return undefined;
  const flowRunResource = event.related.find((r) => r["prefect.resource.role"] === "flow-run");
  const flowRunId = flowRunResource
    ? (objectId(flowRunResource["prefect.resource.id"], FLOW_RUN_PREFIX) ?? null)
    : null;
  const validated = ValidatedState.safeParse(event.payload.validated_state);
  if (!validated.success) return undefined;
  const v = validated.data;
  const state: State = {
    id: event.id.toLowerCase(),
    type: v.type,
    name: v.name,
    timestamp: toUtcMicros(event.occurred) as string,
    message: v.message,
    data: v.data ?? null,
    state_details: { ...v.state_details, task_run_id: taskRunId, flow_run_id: flowRunId },
  };
  return { taskRunId, flowRunId, state, reported: event.payload.task_run ?? {} };
}

/**
 * The task run upsert of a record: the columns its `task_run` sets (only those: Prefect's exclude_unset), the
 * flow run, and the denormalized state columns. Undefined when `task_run` is malformed.
 */
export function taskRunUpsertOf(record: TaskRunRecord): TaskRunUpsert | undefined {
  const reported = ReportedTaskRun.safeParse(record.reported);
  if (!reported.success) return undefined;
  const { state } = record;
  const columns = encodeColumns(reported.data);
  columns.flow_run_id = record.flowRunId;
  columns.state_id = state.id;
  columns.state_type = state.type;
  columns.state_name = state.name;
  return {
    id: record.taskRunId,
    flowRunId: record.flowRunId,
    columns,
    stateId: state.id,
    stateTimestamp: state.timestamp as string,
  };
}

/** True when record `a` is not older than `b`: state timestamps first, state ids break ties. */
function notOlderRecord(a: TaskRunRecord, b: TaskRunRecord): boolean {
  const ta = a.state.timestamp as string;
  const tb = b.state.timestamp as string;
  return ta !== tb ? ta > tb : a.state.id >= b.state.id;
}

/** What {@link recordEvents} did with a batch. */
export interface RecordSummary {
  /** Task-run states recorded (new or already stored). */
  readonly taskRunStates: number;
  /** Events stored whole in the `event` table. */
  readonly storedEvents: number;
}

/**
 * Records a batch of events; must run inside `store.write` (one transaction for the batch). Each task run's
 * row is written once, from its latest state in the batch; every state is added (idempotent on its id).
 * Events whose task run cannot be stored (its flow run does not exist) are kept in the `event` table.
 */
export function recordEvents(store: Store, events: readonly Event[], now: Date): RecordSummary {
  const byRun = new Map<string, { latest: TaskRunRecord; entries: { record: TaskRunRecord; event: Event }[] }>();
  let storedEvents = 0;
  for (const event of events) {
    const record = taskRunRecordFromEvent(event);
    if (record === undefined) {
      // Worker submissions and flow-run heartbeats also feed the zombie-runs service.
      recordRunLiveness(store, event, now);
      store.events.insert(event, now);
      storedEvents++;
      continue;
    }
    const run = byRun.get(record.taskRunId);
    if (run === undefined) byRun.set(record.taskRunId, { latest: record, entries: [{ record, event }] });
    else {
      run.entries.push({ record, event });
      if (notOlderRecord(record, run.latest)) run.latest = record;
    }
  }

  const flowRuns = new Map<string, boolean>();
  let taskRunStates = 0;
  for (const [id, { latest, entries }] of byRun) {
    const flowRunId = latest.flowRunId;
    let exists = true;
    if (flowRunId !== null) {
      exists = flowRuns.get(flowRunId) ?? store.taskRunUpserts.hasFlowRun(flowRunId);
      flowRuns.set(flowRunId, exists);
    }
    const upsert = exists ? taskRunUpsertOf(latest) : undefined;
    let stored: string | undefined;
    try {
      stored = upsert ? store.taskRunUpserts.upsert(upsert, now) : undefined;
    } catch {
      // A constraint the update would break (another run holds its key): SQLite undid just that statement.
      stored = undefined;
    }
    if (stored === undefined) {
      // Not storable as a task run (no such flow run, a malformed task_run, a key collision): keep the events.
      for (const { event } of entries) store.events.insert(event, now);
      storedEvents += entries.length;
      continue;
    }
    for (const { record } of entries) {
      const state =
        stored === id
          ? record.state
          : { ...record.state, state_details: { ...record.state.state_details, task_run_id: stored } };
      store.taskRunUpserts.addState(stored, state, now);
      taskRunStates++;
    }
  }
  return { taskRunStates, storedEvents };
}
