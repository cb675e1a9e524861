// A flow run's task runs as a timeline: one bar per task run from its start to its end (or now while it runs), on
// one time axis from the first start to the last end; a subflow run sits under the task run that stands for it.
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { FlowRun, TaskRun } from "prefect-ts/client";
import { formatDateTime, formatDuration, runDuration } from "../format";
import { StateBadge } from "./state-badge";

interface Span {
  start: number;
  end: number;
}

/** A run's span in ms: start (or expected start) to end (or now); undefined before it has any time. */
function spanOf(
  run: { startTime?: Date | null; expectedStartTime?: Date | null; endTime?: Date | null },
  now: number,
): Span | undefined {
  const start = (run.startTime ?? run.expectedStartTime)?.getTime();
  if (start === undefined) return undefined;
  return { start, end: Math.max(start, run.endTime?.getTime() ?? now) };
}

/** Left offset and width in % of `span` within `axis`. */
function place(span: Span | undefined, axis: Span): { left: string; width: string } | undefined {
  if (!span) return undefined;
  const total = Math.max(1, axis.end - axis.start);
  return {
    left: `${((span.start - axis.start) / total) * 100}%`,
    width: `${Math.max(0.4, ((span.end - span.start) / total) * 100)}%`,
  };
}

function Row(props: {
  label: ReactNode;
  stateType: string | null | undefined;
  stateName: string | null | undefined;
  span: Span | undefined;
  axis: Span;
  nested?: boolean;
  duration: number | null;
  testId: string;
}): ReactNode {
  const at = place(props.span, props.axis);
  return (
    <li className={`timeline-row${props.nested ? " timeline-nested" : ""}`} data-timeline-id={props.testId}>
      <span className="timeline-label">
        <StateBadge type={props.stateType} name={props.stateName} />
        {props.label}
      </span>
      <span className="timeline-track" aria-hidden={at ? undefined : true}>
        {at ? (
          <span
            className={`timeline-bar state-${(props.stateType ?? "pending").toLowerCase()}`}
            style={at}
            title={formatDuration(props.duration)}
          />
        ) : null}
      </span>
    </li>
  );
}

/** The task runs (oldest first) and their subflow runs on one time axis. */
export function TaskTimeline(props: { taskRuns: readonly TaskRun[]; subflowRuns: readonly FlowRun[] }): ReactNode {
  const now = Date.now();
  const spans = [...props.taskRuns, ...props.subflowRuns]
    .map((run) => spanOf(run, now))
    .filter((span): span is Span => span !== undefined);
  // Unfinished runs end at `now`, so the axis reaches it only while something still runs.
  const axis =
    spans.length > 0
      ? { start: Math.min(...spans.map((s) => s.start)), end: Math.max(...spans.map((s) => s.end)) }
      : { start: now, end: now };
  const subflowsOf = (taskRunId: string): FlowRun[] =>
    props.subflowRuns.filter((run) => run.parentTaskRunId === taskRunId);
  return (
    <div className="task-timeline">
      <ol className="timeline-rows" aria-label="Task runs timeline">
        {props.taskRuns.map((taskRun) => (
          <TaskRows key={taskRun.id} taskRun={taskRun} subflows={subflowsOf(taskRun.id)} axis={axis} now={now} />
        ))}
      </ol>
      {spans.length > 0 ? (
        <div className="timeline-axis muted">
          <span>{formatDateTime(new Date(axis.start))}</span>
          <span>{formatDuration((axis.end - axis.start) / 1000)}</span>
          <span>{formatDateTime(new Date(axis.end))}</span>
        </div>
      ) : null}
    </div>
  );
}

function TaskRows(props: { taskRun: TaskRun; subflows: FlowRun[]; axis: Span; now: number }): ReactNode {
  const { taskRun, subflows, axis, now } = props;
  return (
    <>
      <Row
        testId={taskRun.id}
        label={<Link to={`/runs/task-run/${taskRun.id}`}>{taskRun.name}</Link>}
        stateType={taskRun.state?.type}
        stateName={taskRun.state?.name}
        span={spanOf(taskRun, now)}
        axis={axis}
        duration={runDuration(taskRun)}
      />
      {subflows.map((run) => (
        <Row
          key={run.id}
          testId={run.id}
          nested
          label={
            <>
              <span className="muted">subflow</span> <Link to={`/runs/flow-run/${run.id}`}>{run.name}</Link>
            </>
          }
          stateType={run.state?.type}
          stateName={run.state?.name}
          span={spanOf(run, now)}
          axis={axis}
          duration={runDuration(run)}
        />
      ))}
    </>
  );
}
