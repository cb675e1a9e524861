// Where a runner's scheduled runs come from: the deployments `serve()` registered (`get_scheduled_flow_runs` of
// deployments), or a work pool's queues for a worker; each also names the events that should wake its runner.
import type { FlowRun, PrefectClient } from "../client/index.js";
import type { EventFilterInput } from "../schemas/index.js";

/** A runner's supply of scheduled runs. */
export interface RunSource {
  /**
   * The scheduled runs due before `before` (the runner claims those already due, earliest first); `limit` is how
   * many the runner could start now (a source may return fewer or, when it cannot limit, more).
   */
  scheduledRuns(before: Date, limit: number): Promise<FlowRun[]>;
  /** The related resources whose flow-run events wake the runner, as an event filter; undefined: none yet. */
  wakeFilter(): Omit<EventFilterInput, "event"> | undefined;
}

/** The scheduled runs of a set of deployments (what `serve()` polls). */
export class DeploymentRunSource implements RunSource {
  readonly #ids = new Set<string>();

  constructor(private readonly client: PrefectClient) {}

  /** Adds a deployment. */
  add(deploymentId: string): void {
    this.#ids.add(deploymentId);
  }

  async scheduledRuns(before: Date): Promise<FlowRun[]> {
    if (this.#ids.size === 0) return [];
    return this.client.getScheduledFlowRunsForDeployments({ deploymentIds: [...this.#ids], scheduledBefore: before });
  }

  wakeFilter(): Omit<EventFilterInput, "event"> | undefined {
    if (this.#ids.size === 0) return undefined;
    return { related: { id: [...this.#ids].map((id) => `prefect.deployment.${id}`), role: ["deployment"] } };
  }
}

/** The scheduled runs of a work pool (all its queues, or the named ones), in the server's priority order. */
export class WorkPoolRunSource implements RunSource {
  /** The pool's id, once known: its runs' events name it. */
  poolId: string | undefined;

  constructor(
    private readonly client: PrefectClient,
    private readonly workPoolName: string,
    private readonly workQueueNames: readonly string[] = [],
  ) {}

  async scheduledRuns(before: Date, limit: number): Promise<FlowRun[]> {
    const items = await this.client.getScheduledFlowRunsForWorkPool(this.workPoolName, {
      ...(this.workQueueNames.length > 0 ? { workQueueNames: [...this.workQueueNames] } : {}),
      scheduledBefore: before,
      // The server ranks by queue priority then time, so the first `limit` are the ones to start.
      limit: Math.max(1, Math.min(limit, 200)),
    });
    return items.map((item) => item.flowRun);
  }

  wakeFilter(): Omit<EventFilterInput, "event"> | undefined {
    if (this.poolId === undefined) return undefined;
    return { related: { id: [`prefect.work-pool.${this.poolId}`], role: ["work-pool"] } };
  }
}
