// SQL for Prefect's WorkPoolFilter, WorkQueueFilter and WorkerFilter (the `work_pools`, `work_pool_queues` and
// `workers` keys of filter bodies), as parameterized fragments over a table alias. Other filters: filter-sql.ts.
import type { WorkerFilter, WorkPoolFilter, WorkQueueFilter } from "../../schemas/index.js";
import { toUtc } from "./codec.js";
import { combine, compare, type Fragment, inList, notInList } from "./sql-fragments.js";

/** WHERE fragment over work pools aliased `alias` (id, name, type). */
export function workPoolFilterSql(filter: WorkPoolFilter | null | undefined, alias = "wp"): Fragment | null {
  if (filter == null) return null;
  return combine(filter.operator, [
    inList(`${alias}.id`, filter.id?.any_),
    inList(`${alias}.name`, filter.name?.any_),
    inList(`${alias}.type`, filter.type?.any_),
  ]);
}

/** WHERE fragment over work queues aliased `alias` (id, name `any_` / `startswith_`). */
export function workQueueFilterSql(filter: WorkQueueFilter | null | undefined, alias = "wq"): Fragment | null {
  if (filter == null) return null;
  const prefixes = filter.name?.startswith_;
  const startsWith: Fragment | null =
    prefixes == null
      ? null
      : {
          sql: `EXISTS (SELECT 1 FROM json_each(?) AS p WHERE substr(${alias}.name, 1, length(p.value)) = p.value)`,
          params: [JSON.stringify(prefixes)],
        };
  return combine(filter.operator, [
    inList(`${alias}.id`, filter.id?.any_),
    combine("or_", [inList(`${alias}.name`, filter.name?.any_), startsWith]),
  ]);
}

/** WHERE fragment over workers aliased `alias` (last heartbeat window, status). */
export function workerFilterSql(filter: WorkerFilter | null | undefined, alias = "w"): Fragment | null {
  if (filter == null) return null;
  return combine(filter.operator, [
    compare(`${alias}.last_heartbeat_time`, "<=", toUtc(filter.last_heartbeat_time?.before_ ?? null)),
    compare(`${alias}.last_heartbeat_time`, ">=", toUtc(filter.last_heartbeat_time?.after_ ?? null)),
    inList(`${alias}.status`, filter.status?.any_),
    notInList(`${alias}.status`, filter.status?.not_any_),
  ]);
}

/**
 * WHERE fragment selecting rows whose `queueIdColumn` is a queue matching both filters (the `work_pools` and
 * `work_pool_queues` keys of the flow-run and deployment filter bodies); null when neither is given.
 */
export function byWorkQueueSql(
  queueIdColumn: string,
  pools: WorkPoolFilter | null | undefined,
  queues: WorkQueueFilter | null | undefined,
): Fragment | null {
  const inner = combine("and_", [workPoolFilterSql(pools, "fwp"), workQueueFilterSql(queues, "fwq")]);
  if (pools == null && queues == null) return null;
  return {
    sql: `${queueIdColumn} IN (SELECT fwq.id FROM work_queue AS fwq JOIN work_pool AS fwp ON fwp.id = fwq.work_pool_id${inner ? ` WHERE ${inner.sql}` : ""})`,
    params: inner?.params ?? [],
  };
}
