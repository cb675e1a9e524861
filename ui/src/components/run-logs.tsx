// A run's logs with a minimum level and follow mode: following reads the newest 200 lines and keeps the list
// scrolled to the end as lines arrive; not following reads the first 200, oldest first, and leaves the scroll alone.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import type { LogFilter } from "prefect-ts/client";
import { useClient } from "../client-context";
import { LIVE_INTERVAL_MS } from "../hooks";
import { QueryState } from "./query-state";

const LEVELS: Readonly<Record<number, string>> = {
  10: "DEBUG",
  20: "INFO",
  30: "WARNING",
  40: "ERROR",
  50: "CRITICAL",
};
const LIMIT = 200;

/** Logs of a flow run (`flowRunId`) or of one task run (`taskRunId`). */
export function RunLogs(props: { flowRunId?: string; taskRunId?: string; live: boolean }): ReactNode {
  const client = useClient();
  const [minLevel, setMinLevel] = useState(0);
  const [follow, setFollow] = useState(props.live);
  const list = useRef<HTMLOListElement>(null);
  const levelId = useId();
  const logFilter: LogFilter = {
    ...(props.taskRunId
      ? { taskRunId: { any_: [props.taskRunId] } }
      : props.flowRunId
        ? { flowRunId: { any_: [props.flowRunId] } }
        : {}),
    ...(minLevel > 0 ? { level: { ge_: minLevel } } : {}),
  };
  const logs = useQuery({
    queryKey: ["run-logs", props.flowRunId, props.taskRunId, minLevel, follow],
    queryFn: async () => {
      const page = await client.readLogs({
        logFilter,
        sort: follow ? "TIMESTAMP_DESC" : "TIMESTAMP_ASC",
        limit: LIMIT,
      });
      return follow ? page.reverse() : page;
    },
    // One more read a while after the run ends catches the last batch its logger sent.
    refetchInterval: props.live || follow ? LIVE_INTERVAL_MS : 3000,
  });
  const last = logs.data?.at(-1)?.id;
  useEffect(() => {
    if (follow && list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [follow, last]);
  return (
    <div className="panel">
      <div className="panel-head">
        <h2>Logs</h2>
        <div>
          <label htmlFor={levelId}>Level</label>
          <select id={levelId} value={minLevel} onChange={(event) => setMinLevel(Number(event.target.value))}>
            <option value={0}>All</option>
            <option value={20}>Info and above</option>
            <option value={30}>Warnings and errors</option>
            <option value={40}>Errors</option>
          </select>
          <label>
            <input type="checkbox" checked={follow} onChange={(event) => setFollow(event.target.checked)} />
            Follow
          </label>
        </div>
      </div>
      <QueryState isLoading={logs.isLoading} error={logs.error} what="the logs" />
      {logs.data && logs.data.length === 0 ? <p className="muted">No logs yet.</p> : null}
      {logs.data && logs.data.length > 0 ? (
        <ol className="logs" aria-label="Logs" ref={list} tabIndex={0}>
          {logs.data.map((log) => (
            <li key={log.id} className={`log log-${(LEVELS[log.level] ?? "INFO").toLowerCase()}`}>
              <time className="muted">{log.timestamp.toLocaleTimeString()}</time>
              <span className="log-level">{LEVELS[log.level] ?? log.level}</span>
              <span className="log-message">{log.message}</span>
            </li>
          ))}
        </ol>
      ) : null}
      {logs.data && logs.data.length === LIMIT ? (
        <p className="muted">
          {follow ? `The last ${LIMIT} lines.` : `The first ${LIMIT} lines; follow to see the newest.`}
        </p>
      ) : null}
    </div>
  );
}
