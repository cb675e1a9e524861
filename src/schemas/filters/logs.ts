// Filters on logs: LogFilter and its sub-filters, as the `logs` key of `POST /logs/filter`.
// Extra keys are rejected, as Prefect does.
import { z } from "zod";
import { operatorField, optionalBoolean, optionalDateTime, optionalInt, uuidList } from "./operators.js";

/** Logs with a level between `ge_` and `le_` (inclusive). */
export const LogFilterLevel = z.strictObject({ ge_: optionalInt(), le_: optionalInt() });
/** Filter on log level. */
export type LogFilterLevel = z.infer<typeof LogFilterLevel>;

/** Logs timestamped before/after a time (inclusive). */
export const LogFilterTimestamp = z.strictObject({ before_: optionalDateTime(), after_: optionalDateTime() });
/** Filter on log timestamp. */
export type LogFilterTimestamp = z.infer<typeof LogFilterTimestamp>;

/** Logs of the given flow runs. */
export const LogFilterFlowRunId = z.strictObject({ any_: uuidList() });
/** Filter on log flow run id. */
export type LogFilterFlowRunId = z.infer<typeof LogFilterFlowRunId>;

/** Logs of the given task runs, or without a task run (`is_null_`). */
export const LogFilterTaskRunId = z.strictObject({ any_: uuidList(), is_null_: optionalBoolean() });
/** Filter on log task run id. */
export type LogFilterTaskRunId = z.infer<typeof LogFilterTaskRunId>;

/**
 * Full-text search over messages (`LogFilterTextSearch`): space-separated terms, `-term` or `!term`
 * to exclude, quoted phrases; at most 200 characters.
 */
export const LogFilterTextSearch = z.strictObject({ query: z.string().max(200) });
/** Text search on logs. */
export type LogFilterTextSearch = z.infer<typeof LogFilterTextSearch>;

/** Filter on logs (`LogFilter`). */
export const LogFilter = z.strictObject({
  operator: operatorField(),
  level: LogFilterLevel.nullish(),
  timestamp: LogFilterTimestamp.nullish(),
  flow_run_id: LogFilterFlowRunId.nullish(),
  task_run_id: LogFilterTaskRunId.nullish(),
  text: LogFilterTextSearch.nullish(),
});
/** A log filter. */
export type LogFilter = z.infer<typeof LogFilter>;
/** A log filter as sent. */
export type LogFilterInput = z.input<typeof LogFilter>;
