// Task-run state events exactly as Prefect 3's `emit_task_run_state_change_event` builds them: name
// `prefect.task-run.<State name>`, id and time of the state (to the microsecond), the task run as resource, the flow run, flow and tags
// as related resources, payload {intended, initial_state, validated_state, task_run}.
import type { EventInput, FlowRun, State } from "../client/index.js";
import { snakeKey } from "../client/index.js";
import type { TaskRunTransition } from "./local-task-run.js";
import { nextStateTimestamp, pythonIsoFormat } from "./state-clock.js";

/** Prefect truncates state messages in events to this many characters. */
export const STATE_MESSAGE_TRUNCATION_LENGTH = 100_000;

/** A related resource's labels (`prefect.resource.id`, `prefect.resource.role`, ...). */
export type RelatedLabels = Record<string, string>;

function truncated(message: string | null | undefined): string | null {
  if (message == null) return null;
  return message.length > STATE_MESSAGE_TRUNCATION_LENGTH ? message.slice(0, STATE_MESSAGE_TRUNCATION_LENGTH) : message;
}

const snakeKeys = new Map<string, string>();
function snake(key: string): string {
  let out = snakeKeys.get(key);
  if (out === undefined) snakeKeys.set(key, (out = snakeKey(key)));
  return out;
}

/** State details as Prefect dumps them in events: set fields only (no nulls, no untouched defaults), no run ids. */
function wireDetails(state: State): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const details = state.stateDetails as Record<string, unknown> | undefined;
  if (!details) return out;
  for (const key in details) {
    const value = details[key];
    if (value === null || value === undefined || key === "flowRunId" || key === "taskRunId") continue;
    // Defaults (false) stay implicit, except an explicit `retriable: false` (the engine decided: no retries).
    if (value === false && key !== "retriable") continue;
    out[snake(key)] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

function wireState(state: State, withData: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: state.type,
    name: state.name ?? null,
    message: truncated(state.message),
    state_details: wireDetails(state),
  };
  if (withData) out.data = state.data ?? null;
  return out;
}

/**
 * The related resources Prefect's events worker attaches from the run context: the flow run, its flow, and the
 * tags of both (sorted), each with its role.
 */
export function relatedResources(
  flowRun: Pick<FlowRun, "id" | "name" | "flowId" | "tags">,
  flowName: string,
  flowTags: readonly string[] = [],
): RelatedLabels[] {
  const related: RelatedLabels[] = [
    {
      "prefect.resource.id": `prefect.flow-run.${flowRun.id}`,
      "prefect.resource.role": "flow-run",
      "prefect.resource.name": flowRun.name ?? "",
    },
    {
      "prefect.resource.id": `prefect.flow.${flowRun.flowId}`,
      "prefect.resource.role": "flow",
      "prefect.resource.name": flowName,
    },
  ];
  const tags = [...new Set([...(flowRun.tags ?? []), ...flowTags])].sort();
  for (const tag of tags) related.push({ "prefect.resource.id": `prefect.tag.${tag}`, "prefect.resource.role": "tag" });
  return related;
}

/** The `prefect.task-run.<State name>` event of one transition of task run `taskRunId` (named `taskRunName`). */
export function taskRunStateEvent(
  taskRunId: string,
  taskRunName: string,
  transition: TaskRunTransition,
  related: readonly RelatedLabels[],
  follows: string | null,
): EventInput {
  const { initial, validated } = transition;
  const timestamp = validated.timestamp ?? nextStateTimestamp();
  return {
    id: validated.id,
    // The string keeps the state clock's microseconds (a Date would be cut to the millisecond on the wire).
    occurred: timestamp.toISOString(),
    event: `prefect.task-run.${validated.name ?? validated.type}`,
    resource: {
      "prefect.resource.id": `prefect.task-run.${taskRunId}`,
      "prefect.resource.name": taskRunName,
      "prefect.run-count": String(transition.taskRun.run_count ?? 0),
      "prefect.state-message": truncated(validated.message) ?? "",
      "prefect.state-name": validated.name ?? "",
      "prefect.state-timestamp": pythonIsoFormat(timestamp),
      "prefect.state-type": validated.type,
      "prefect.orchestration": "client",
    },
    related: related as RelatedLabels[],
    payload: {
      intended: { from: initial?.type ?? null, to: validated.type },
      initial_state: initial ? wireState(initial, false) : null,
      validated_state: wireState(validated, true),
      task_run: transition.taskRun,
    },
    follows,
  };
}

/** A rough size of an event's JSON, to keep batches well under the server's body limit. */
export function estimatedEventBytes(transition: TaskRunTransition): number {
  const messages = (transition.validated.message?.length ?? 0) * 2 + (transition.initial?.message?.length ?? 0);
  return 2048 + messages * 2 + (transition.validated.data != null ? 1024 : 0);
}
