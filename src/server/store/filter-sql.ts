// Prefect's FlowFilter, FlowRunFilter, TaskRunFilter and LogFilter compiled to parameterized SQL over the
// table aliases f (flow), fr (flow_run), tr (task_run) and l (log). Cross-resource joins live in queries.ts.
import type { DeploymentFilter, FlowFilter, FlowRunFilter, LogFilter, TaskRunFilter } from "../../schemas/index.js";
import { toUtc } from "./codec.js";
import {
  combine,
  compare,
  containsAll,
  containsAny,
  emptyArray,
  type Fragment,
  inList,
  isNull,
  like,
  notInList,
} from "./sql-fragments.js";

interface TimeRange {
  before_?: string | null;
  after_?: string | null;
  is_null_?: boolean | null;
}

/** `before_`/`after_` are inclusive, as Prefect's `<=` / `>=`. */
function timeRange(column: string, range: TimeRange | null | undefined): Fragment | null {
  if (!range) return null;
  return combine("and_", [
    compare(column, "<=", toUtc(range.before_)),
    compare(column, ">=", toUtc(range.after_)),
    isNull(column, range.is_null_),
  ]);
}

/** WHERE fragment of a `FlowFilter` over alias `f`. */
export function flowFilterSql(filter: FlowFilter | null | undefined): Fragment | null {
  if (!filter) return null;
  return combine(filter.operator, [
    filter.id ? combine("and_", [inList("f.id", filter.id.any_), notInList("f.id", filter.id.not_any_)]) : null,
    // Prefect: flows with (is_null_ false) or without (true) a deployment.
    filter.deployment?.is_null_ === true || filter.deployment?.is_null_ === false
      ? {
          sql: `${filter.deployment.is_null_ ? "NOT " : ""}EXISTS (SELECT 1 FROM deployment AS fd WHERE fd.flow_id = f.id)`,
          params: [],
        }
      : null,
    filter.name ? combine("and_", [inList("f.name", filter.name.any_), like("f.name", filter.name.like_)]) : null,
    filter.tags
      ? combine(filter.tags.operator, [
          containsAll("f.tags", filter.tags.all_),
          emptyArray("f.tags", filter.tags.is_null_),
        ])
      : null,
  ]);
}

/** WHERE fragment of a `FlowRunFilter` over alias `fr`. */
export function flowRunFilterSql(filter: FlowRunFilter | null | undefined): Fragment | null {
  if (!filter) return null;
  const { id, name, tags, state, created_by: createdBy } = filter;
  return combine(filter.operator, [
    id ? combine("and_", [inList("fr.id", id.any_), notInList("fr.id", id.not_any_)]) : null,
    name ? combine("and_", [inList("fr.name", name.any_), like("fr.name", name.like_)]) : null,
    tags
      ? combine(tags.operator, [
          containsAll("fr.tags", tags.all_),
          containsAny("fr.tags", tags.any_),
          emptyArray("fr.tags", tags.is_null_),
        ])
      : null,
    filter.deployment_id
      ? combine(filter.deployment_id.operator, [
          inList("fr.deployment_id", filter.deployment_id.any_),
          isNull("fr.deployment_id", filter.deployment_id.is_null_),
        ])
      : null,
    filter.work_queue_name
      ? combine(filter.work_queue_name.operator, [
          inList("fr.work_queue_name", filter.work_queue_name.any_),
          isNull("fr.work_queue_name", filter.work_queue_name.is_null_),
        ])
      : null,
    state
      ? combine(state.operator, [
          state.type
            ? combine("and_", [
                inList("fr.state_type", state.type.any_),
                notInList("fr.state_type", state.type.not_any_),
              ])
            : null,
          state.name
            ? combine("and_", [
                inList("fr.state_name", state.name.any_),
                notInList("fr.state_name", state.name.not_any_),
              ])
            : null,
        ])
      : null,
    filter.flow_version ? inList("fr.flow_version", filter.flow_version.any_) : null,
    timeRange("fr.start_time", filter.start_time),
    timeRange("fr.end_time", filter.end_time),
    timeRange("fr.expected_start_time", filter.expected_start_time),
    timeRange("fr.next_scheduled_start_time", filter.next_scheduled_start_time),
    filter.parent_flow_run_id?.any_
      ? {
          sql: "fr.parent_task_run_id IN (SELECT ptr.id FROM task_run AS ptr WHERE ptr.flow_run_id IN (SELECT value FROM json_each(?)))",
          params: [JSON.stringify(filter.parent_flow_run_id.any_)],
        }
      : null,
    filter.parent_task_run_id
      ? combine(filter.parent_task_run_id.operator, [
          inList("fr.parent_task_run_id", filter.parent_task_run_id.any_),
          isNull("fr.parent_task_run_id", filter.parent_task_run_id.is_null_),
        ])
      : null,
    filter.idempotency_key
      ? combine("and_", [
          inList("fr.idempotency_key", filter.idempotency_key.any_),
          notInList("fr.idempotency_key", filter.idempotency_key.not_any_),
        ])
      : null,
    createdBy
      ? combine(createdBy.operator, [
          inList("json_extract(fr.created_by, '$.id')", createdBy.id_),
          inList("json_extract(fr.created_by, '$.type')", createdBy.type_),
          isNull("fr.created_by", createdBy.is_null_),
        ])
      : null,
  ]);
}

/** WHERE fragment of a `TaskRunFilter` over alias `tr`. */
export function taskRunFilterSql(filter: TaskRunFilter | null | undefined): Fragment | null {
  if (!filter) return null;
  const { state, flow_run_id: flowRunId } = filter;
  return combine(filter.operator, [
    filter.id ? inList("tr.id", filter.id.any_) : null,
    filter.name ? combine("and_", [inList("tr.name", filter.name.any_), like("tr.name", filter.name.like_)]) : null,
    filter.tags
      ? combine(filter.tags.operator, [
          containsAll("tr.tags", filter.tags.all_),
          emptyArray("tr.tags", filter.tags.is_null_),
        ])
      : null,
    state
      ? combine(state.operator, [
          state.type ? inList("tr.state_type", state.type.any_) : null,
          state.name ? inList("tr.state_name", state.name.any_) : null,
        ])
      : null,
    timeRange("tr.start_time", filter.start_time),
    timeRange("tr.end_time", filter.end_time),
    timeRange("tr.expected_start_time", filter.expected_start_time),
    filter.subflow_runs?.exists_ === true || filter.subflow_runs?.exists_ === false
      ? {
          sql: `${filter.subflow_runs.exists_ ? "" : "NOT "}EXISTS (SELECT 1 FROM flow_run AS sub WHERE sub.parent_task_run_id = tr.id)`,
          params: [],
        }
      : null,
    flowRunId
      ? flowRunId.is_null_ === true
        ? isNull("tr.flow_run_id", true)
        : flowRunId.any_
          ? inList("tr.flow_run_id", flowRunId.any_)
          : flowRunId.is_null_ === false
            ? isNull("tr.flow_run_id", false)
            : null
      : null,
  ]);
}

/** Splits a text query into terms: quoted phrases stay whole, `-x`/`!x` are exclusions. */
function parseTextQuery(query: string): { include: string[]; exclude: string[] } {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const match of query.matchAll(/([-!]?)(?:"([^"]*)"|(\S+))/g)) {
    const term = match[2] ?? match[3] ?? "";
    if (term === "") continue;
    (match[1] ? exclude : include).push(term);
  }
  return { include, exclude };
}

/** WHERE fragment of a `LogFilter` over alias `l`. */
export function logFilterSql(filter: LogFilter | null | undefined): Fragment | null {
  if (!filter) return null;
  let text: Fragment | null = null;
  if (filter.text) {
    const { include, exclude } = parseTextQuery(filter.text.query);
    text = combine("and_", [
      combine(
        "or_",
        include.map((term) => like("l.message", term)),
      ),
      ...exclude.map((term) => {
        const f = like("l.message", term);
        return f && { sql: `NOT (${f.sql})`, params: f.params };
      }),
    ]);
  }
  return combine(filter.operator, [
    filter.level
      ? combine("and_", [compare("l.level", ">=", filter.level.ge_), compare("l.level", "<=", filter.level.le_)])
      : null,
    timeRange("l.timestamp", filter.timestamp),
    filter.flow_run_id ? inList("l.flow_run_id", filter.flow_run_id.any_) : null,
    filter.task_run_id
      ? combine("and_", [
          inList("l.task_run_id", filter.task_run_id.any_),
          isNull("l.task_run_id", filter.task_run_id.is_null_),
        ])
      : null,
    text,
  ]);
}

/** WHERE fragment of a `DeploymentFilter` over alias `d` (its flow's name read through a sub-query). */
export function deploymentFilterSql(filter: DeploymentFilter | null | undefined): Fragment | null {
  if (!filter) return null;
  const { tags, concurrency_limit: limit } = filter;
  const flowOrName = filter.flow_or_deployment_name?.like_;
  return combine(filter.operator, [
    filter.id ? combine("and_", [inList("d.id", filter.id.any_), notInList("d.id", filter.id.not_any_)]) : null,
    filter.name ? combine("and_", [inList("d.name", filter.name.any_), like("d.name", filter.name.like_)]) : null,
    flowOrName !== null && flowOrName !== undefined
      ? {
          sql: "(d.name LIKE '%' || ? || '%' OR EXISTS (SELECT 1 FROM flow AS df WHERE df.id = d.flow_id AND df.name LIKE '%' || ? || '%'))",
          params: [flowOrName, flowOrName],
        }
      : null,
    filter.paused?.eq_ === true || filter.paused?.eq_ === false
      ? compare("d.paused", "=", filter.paused.eq_ ? 1 : 0)
      : null,
    tags
      ? combine(tags.operator, [
          containsAll("d.tags", tags.all_),
          containsAny("d.tags", tags.any_),
          emptyArray("d.tags", tags.is_null_),
        ])
      : null,
    filter.work_queue_name ? inList("d.work_queue_name", filter.work_queue_name.any_) : null,
    limit
      ? combine("and_", [
          compare("d.concurrency_limit", ">=", limit.ge_),
          compare("d.concurrency_limit", "<=", limit.le_),
          isNull("d.concurrency_limit", limit.is_null_),
        ])
      : null,
  ]);
}
