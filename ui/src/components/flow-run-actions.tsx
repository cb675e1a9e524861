// What a user can do to a flow run from its page, as Prefect's UI offers it: Retry (a terminal run of a deployment
// goes back to Scheduled, "AwaitingRetry", for its worker), Cancel (Cancelling; the worker stops it), Run again (a new
// run of the deployment with the same parameters) and Delete (after a confirmation).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useNavigate } from "react-router";
import type { FlowRun, OrchestrationResult } from "prefect-ts/client";
import { useClient } from "../client-context";

const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED", "CRASHED"];
const CANCELLABLE = ["SCHEDULED", "PENDING", "RUNNING", "PAUSED"];

/** An orchestration answer other than ACCEPT, as a sentence; undefined when accepted. */
function refusal(what: string, result: OrchestrationResult | undefined): string | undefined {
  if (!result || result.status === "ACCEPT") return undefined;
  return `The server did not ${what} the run (${result.status}): ${result.details.reason ?? "no reason given"}`;
}

/** The action buttons of a flow run, with their errors and the delete confirmation below the page head. */
export function FlowRunActions(props: { flowRun: FlowRun; onDeleting: () => void }): ReactNode {
  const { flowRun } = props;
  const client = useClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const type = flowRun.state?.type ?? "";
  const refresh = (): Promise<void> => queryClient.invalidateQueries({ queryKey: ["flow-run", flowRun.id] });
  const retry = useMutation({
    // Prefect's UI forces it: the rules would reject leaving a terminal state.
    mutationFn: () =>
      client.setFlowRunState(
        flowRun.id,
        { type: "SCHEDULED", name: "AwaitingRetry", message: "Retry from the UI" },
        { force: true },
      ),
    onSettled: refresh,
  });
  const cancel = useMutation({
    mutationFn: () => client.setFlowRunState(flowRun.id, { type: "CANCELLING", name: "Cancelling" }),
    onSettled: refresh,
  });
  const again = useMutation({
    mutationFn: () =>
      client.createFlowRunFromDeployment(flowRun.deploymentId ?? "", { parameters: flowRun.parameters }),
    onSuccess: (run) => navigate(`/runs/flow-run/${run.id}`),
  });
  const remove = useMutation({
    // The page stops reading the run first (onDeleting, and in-flight reads aborted): a read after the delete would 404.
    mutationFn: async () => {
      await queryClient.cancelQueries({ queryKey: ["flow-run", flowRun.id] });
      await client.deleteFlowRun(flowRun.id);
    },
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ["flow-run", flowRun.id] });
      // A client-side navigation: nothing to wait for, and the router shows its own errors.
      void navigate("/runs", { replace: true });
    },
  });
  const problems = [
    retry.error && `Could not retry: ${retry.error.message}`,
    refusal("retry", retry.data),
    cancel.error && `Could not cancel: ${cancel.error.message}`,
    refusal("cancel", cancel.data),
    again.error && `Could not start a new run: ${again.error.message}`,
    remove.error && `Could not delete: ${remove.error.message}`,
  ].filter((p): p is string => typeof p === "string");
  return (
    <div className="run-actions">
      <div className="actions">
        {flowRun.deploymentId && TERMINAL.includes(type) ? (
          <button type="button" onClick={() => retry.mutate()} disabled={retry.isPending}>
            Retry
          </button>
        ) : null}
        {flowRun.deploymentId ? (
          <button type="button" onClick={() => again.mutate()} disabled={again.isPending}>
            Run again
          </button>
        ) : null}
        {CANCELLABLE.includes(type) ? (
          <button type="button" className="danger" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
            Cancel
          </button>
        ) : null}
        <button
          type="button"
          className="danger"
          onClick={() => setConfirming(true)}
          disabled={remove.isPending}
          aria-expanded={confirming}
        >
          Delete
        </button>
      </div>
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-label="Delete this flow run?">
          <p>
            Delete flow run <strong>{flowRun.name}</strong> with its task runs and states? This cannot be undone.
          </p>
          <button
            type="button"
            className="danger-solid"
            onClick={() => {
              props.onDeleting();
              remove.mutate();
            }}
            disabled={remove.isPending}
          >
            Delete run
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      ) : null}
      {problems.map((problem) => (
        <p className="error" role="alert" key={problem}>
          {problem}
        </p>
      ))}
    </div>
  );
}
