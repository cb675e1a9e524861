// Which rules run, in which order: Prefect's CoreFlowPolicy, MinimalFlowPolicy (force), CoreTaskPolicy,
// BackgroundTaskPolicy (deferred tasks) and MinimalTaskPolicy (force), minus rules that need other tables.

import type { Rule } from "./engine.js";
import {
  BypassCancellingFlowRunsWithNoInfra,
  EnforceCancellingToCancelledTransition,
  EnsureOnlyScheduledFlowsMarkedLate,
  HandleFlowTerminalStateTransitions,
  HandlePausingFlows,
  HandleResumingPausedFlows,
  RetryFailedFlows,
  ValidateDeploymentConcurrencyAtRunning,
} from "./rules-flow.js";
import {
  CopyScheduledTime,
  CopyTaskParametersID,
  PreventDuplicateTransitions,
  PreventPendingTransitions,
  RenameReruns,
  WaitForScheduledTime,
} from "./rules-shared.js";
import {
  HandleTaskTerminalStateTransitions,
  PreventRunningTasksFromStoppedFlows,
  RetryFailedTasks,
  UpdateFlowRunTrackerOnTasks,
} from "./rules-task.js";

/**
 * Prefect's CoreFlowPolicy. Left out: SecureFlowConcurrencySlots and the lease parts of
 * ValidateDeploymentConcurrencyAtRunning (deployment concurrency), RemoveDeploymentConcurrencyLeaseForOldClientVersions,
 * InstrumentFlowRunStateTransitions (events) and ReleaseFlowConcurrencySlots.
 */
export const CORE_FLOW_POLICY: readonly Rule[] = [
  PreventDuplicateTransitions,
  HandleFlowTerminalStateTransitions,
  EnforceCancellingToCancelledTransition,
  BypassCancellingFlowRunsWithNoInfra,
  PreventPendingTransitions,
  ValidateDeploymentConcurrencyAtRunning,
  EnsureOnlyScheduledFlowsMarkedLate,
  HandlePausingFlows,
  HandleResumingPausedFlows,
  CopyScheduledTime,
  WaitForScheduledTime,
  RetryFailedFlows,
];

/** Prefect's MinimalFlowPolicy, used with `force=true`: cancelling a run with no infrastructure still bypasses. */
export const MINIMAL_FLOW_POLICY: readonly Rule[] = [BypassCancellingFlowRunsWithNoInfra];

/**
 * Prefect's CoreTaskPolicy. Left out: CacheRetrieval / CacheInsertion (the cache table), SecureTaskConcurrencySlots /
 * ReleaseTaskConcurrencySlots (tag concurrency limits). Prefect applies neither PreventPendingTransitions nor
 * PreventDuplicateTransitions to task runs.
 */
export const CORE_TASK_POLICY: readonly Rule[] = [
  HandleTaskTerminalStateTransitions,
  PreventRunningTasksFromStoppedFlows,
  CopyScheduledTime,
  WaitForScheduledTime,
  RetryFailedTasks,
  RenameReruns,
  UpdateFlowRunTrackerOnTasks,
];

/** Prefect's BackgroundTaskPolicy, chosen whenever the proposal has `state_details.deferred` (even with force). */
export const BACKGROUND_TASK_POLICY: readonly Rule[] = [
  PreventPendingTransitions,
  HandleTaskTerminalStateTransitions,
  CopyScheduledTime,
  CopyTaskParametersID,
  WaitForScheduledTime,
  RetryFailedTasks,
  RenameReruns,
  UpdateFlowRunTrackerOnTasks,
];

/** Prefect's MinimalTaskPolicy with `force=true`: only slot release, which needs no rule here. */
export const MINIMAL_TASK_POLICY: readonly Rule[] = [];
