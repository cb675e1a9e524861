// The facts a flow run and a task run share on their pages: start, duration, run count and tags, as items of the
// page's `.facts` list (each page adds its own facts around them).
import type { ReactNode } from "react";
import { formatDateTime, formatDuration, runDuration } from "../format";
import { Tags } from "./tags";

/** What {@link RunFacts} reads of a flow run or a task run. */
export interface RunFactsSubject {
  readonly startTime?: Date | null;
  readonly expectedStartTime?: Date | null;
  readonly endTime?: Date | null;
  readonly totalRunTime?: number | null;
  readonly runCount: number;
  readonly tags: readonly string[];
}

/** Start (or expected start), duration, run count and tags of a run, as `<div><dt/><dd/></div>` items. */
export function RunFacts(props: { run: RunFactsSubject }): ReactNode {
  const { run } = props;
  return (
    <>
      <div>
        <dt>Start</dt>
        <dd>{formatDateTime(run.startTime ?? run.expectedStartTime ?? null)}</dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd>{formatDuration(runDuration(run))}</dd>
      </div>
      <div>
        <dt>Run count</dt>
        <dd>{run.runCount}</dd>
      </div>
      <div>
        <dt>Tags</dt>
        <dd>
          <Tags tags={run.tags} />
        </dd>
      </div>
    </>
  );
}
