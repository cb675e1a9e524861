// `stateResult(state)`: the value a final State stands for (Prefect's `state.result()`): persisted results are read
// from their result record, in-memory ones returned as they are; a failed state throws.
import type { State } from "../client/index.js";
import { CancelledRunError, CrashedRunError, FailedRunError } from "../errors.js";
import { ResultStore } from "./results.js";

/**
 * The result of a Completed state.
 * @throws FailedRunError, CrashedRunError or CancelledRunError for those states; Error for a non-final state
 */
export async function stateResult<T = unknown>(state: State): Promise<T> {
  const detail = state.message ? `: ${state.message}` : "";
  if (state.type === "FAILED")
    throw new FailedRunError(`The run finished in state ${state.name ?? "Failed"}${detail}`, state);
  if (state.type === "CRASHED") throw new CrashedRunError(`The run crashed${detail}`, state);
  if (state.type === "CANCELLED") throw new CancelledRunError(`The run was cancelled${detail}`, state);
  if (state.type !== "COMPLETED") throw new Error(`State ${state.type} has no result yet`);
  const stored = await ResultStore.readFromMetadata(state.data);
  return (stored.found ? stored.value : state.data) as T;
}
