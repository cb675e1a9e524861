// Log routes of the client: write a batch of logs, read them back through a filter.
import { z } from "zod";
import * as schemas from "../schemas/index.js";
import { logFilterBody, type PageOptions } from "./filter-body.js";
import type { HttpTransport } from "./http.js";
import type { Log, LogFilter } from "./models.js";
import { toWire } from "./wire-mapper.js";

/** One log line to write. */
export interface LogInput {
  /** Logger name, e.g. `prefect.flow_runs`. */
  name: string;
  /** Numeric level: 10 DEBUG, 20 INFO, 30 WARNING, 40 ERROR, 50 CRITICAL. */
  level: number;
  message: string;
  timestamp: Date;
  flowRunId?: string | null;
  taskRunId?: string | null;
}

/** Options of `readLogs`. */
export interface ReadLogsOptions extends PageOptions<schemas.LogSort> {
  logFilter?: LogFilter;
}

/** The log methods of PrefectClient. */
export interface LogsApi {
  /** Writes a batch of logs (`POST /logs/`). */
  createLogs(logs: LogInput[]): Promise<void>;
  /** Logs matching the filter, oldest first by default. */
  readLogs(opts?: ReadLogsOptions): Promise<Log[]>;
}

const LogList = z.array(schemas.Log);

/** Builds the log methods over a transport. */
export function logsApi(http: HttpTransport): LogsApi {
  return {
    createLogs: (logs) => http.request("POST", "logs/", { json: toWire(schemas.LogCreateRequest, logs) }),
    readLogs: (opts) => http.request("POST", "logs/filter", { json: logFilterBody(opts) }, LogList),
  };
}
