// Public surface of the orchestration rules for the rest of the server: the two entry points, their types,
// and small state helpers. The rule machinery (engine, rules-*, policies) stays internal.

export { orchestrateFlowRun, orchestrateTaskRun } from "./orchestrate.js";
export type {
  OrchestrationDetails,
  OrchestrationInput,
  OrchestrationOutcome,
  RunKind,
  RunSnapshot,
  RunUpdate,
} from "./types.js";
export {
  ALL_STATE_TYPES,
  TERMINAL_STATES,
  awaitingRetryState,
  defaultStateName,
  emptyStateDetails,
  isTerminal,
  newState,
  stateFromProposal,
} from "./states.js";
export { estimatedRunTime, estimatedStartTimeDelta } from "./run-estimates.js";
