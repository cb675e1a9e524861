// Run contexts: what the engine knows about the flow run and task run the current code runs in, carried by
// AsyncLocalStorage so concurrent runs (Promise.all) never see each other's context.
import { AsyncLocalStorage } from "node:async_hooks";
import type { FlowRun, PrefectClient } from "../client/index.js";
import type { Settings } from "../settings/index.js";
import type { RunLogger } from "./logger.js";
import type { StateWriter } from "./state-writer.js";
import type { LogWriter } from "./log-writer.js";

/** A task run as the engine knows it (task runs are created by the background writer, not read back). */
export interface TaskRunInfo {
  readonly id: string;
  readonly name: string;
  readonly taskKey: string;
  readonly dynamicKey: string;
  readonly flowRunId: string | null;
  readonly tags: readonly string[];
  /** Attempts started so far (1 on the first run). */
  runCount: number;
}

/** The context of a running flow run. */
export interface FlowRunContext {
  readonly kind: "flow";
  readonly flowName: string;
  readonly flowRun: FlowRun;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly client: PrefectClient;
  readonly settings: Settings;
  readonly logger: RunLogger;
  readonly logWriter: LogWriter;
  readonly stateWriter: StateWriter;
  readonly logPrints: boolean;
  /** The flow run's run count in this attempt (1 on the first run), Prefect's `flow_run_run_count` of its task runs. */
  readonly flowRunRunCount: number;
  /** Next dynamic key per task key, as Prefect numbers repeated calls of a task in one flow run. */
  readonly dynamicKeys: Map<string, number>;
  /** Aborted when the flow run times out. */
  readonly signal: AbortSignal | undefined;
}

/** The context of a running task run. */
export interface TaskRunContext {
  readonly kind: "task";
  readonly taskName: string;
  readonly taskRun: TaskRunInfo;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly logger: RunLogger;
  readonly logPrints: boolean;
  /** The flow run the task runs in; null for a task called outside a flow. */
  readonly flow: FlowRunContext | null;
  /** Aborted when the task run times out. */
  readonly signal: AbortSignal | undefined;
}

/** What `getRunContext()` returns. */
export type RunContext = FlowRunContext | TaskRunContext;

const storage = new AsyncLocalStorage<RunContext>();

/** Runs `fn` inside a run context. */
export function runInContext<T>(ctx: RunContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The innermost run context (task run inside a flow run, else the flow run), or undefined outside runs. */
export function getRunContext(): RunContext | undefined {
  return storage.getStore();
}

/** The flow run context the current code runs in (also from inside a task), or undefined. */
export function currentFlowContext(): FlowRunContext | undefined {
  const ctx = storage.getStore();
  if (!ctx) return undefined;
  return ctx.kind === "flow" ? ctx : (ctx.flow ?? undefined);
}
