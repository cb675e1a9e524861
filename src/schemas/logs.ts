// Log models: the Log object and the LogCreate action (`POST /logs/` takes an array of them).
// Log filters and sorts live in filters/.
import { z } from "zod";
import { DateTimeString, Uuid } from "./common.js";

/** A log record as returned by `POST /logs/filter` (`Log`). */
export const Log = z.object({
  id: Uuid,
  created: DateTimeString.nullable(),
  updated: DateTimeString.nullable(),
  /** The logger name, e.g. `prefect.flow_runs`. */
  name: z.string(),
  /** The numeric level (Python's: 10 DEBUG, 20 INFO, 30 WARNING, 40 ERROR, 50 CRITICAL). */
  level: z.int(),
  message: z.string(),
  timestamp: DateTimeString,
  flow_run_id: Uuid.nullable().default(null),
  task_run_id: Uuid.nullable().default(null),
});
/** A log record. */
export type Log = z.infer<typeof Log>;

/** One element of the body of `POST /logs/` (`LogCreate`). */
export const LogCreate = z.strictObject({
  name: z.string(),
  level: z.int(),
  message: z.string(),
  timestamp: DateTimeString,
  flow_run_id: Uuid.nullable().default(null),
  task_run_id: Uuid.nullable().default(null),
});
/** A log creation request (defaults applied). */
export type LogCreate = z.infer<typeof LogCreate>;
/** A log creation request as sent. */
export type LogCreateInput = z.input<typeof LogCreate>;

/** The whole body of `POST /logs/`: an array of {@link LogCreate}. */
export const LogCreateRequest = z.array(LogCreate);
/** A batch of logs to create. */
export type LogCreateRequest = z.infer<typeof LogCreateRequest>;
