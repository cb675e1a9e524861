// The run source of a Prefect 2 agent: named work queues (created when missing, as Prefect 2's agent did) and the
// queues whose names start with a prefix, each polled with `POST /work_queues/{id}/get_runs`.
import type { FlowRun, PrefectClient, WorkQueue } from "../client/index.js";
import { ObjectNotFoundError } from "../errors.js";
import type { EventFilterInput } from "../schemas/index.js";
import type { RunSource } from "./run-source.js";

/** The pool Prefect 2's agents poll when no pool is named. */
import { DEFAULT_AGENT_POOL_NAME as DEFAULT_AGENT_POOL } from "../schemas/plain.js";
export { DEFAULT_AGENT_POOL };

/** Options of {@link WorkQueueRunSource}. */
export interface WorkQueueRunSourceOptions {
  /** The queues to poll, by name (created in the pool when missing). */
  workQueueNames?: readonly string[];
  /**
   * Also poll every queue of the pool whose name starts with one of these (re-read at each poll). Without names and
   * prefixes, every queue of the pool is polled (Prefect 2's `agent start --pool P`).
   */
  prefixes?: readonly string[];
  /** The queues' pool. @default "default-agent-pool" */
  workPoolName?: string;
  /** Where messages (queues created, matched, paused) go. @default none */
  log?: (message: string) => void;
}

/** The scheduled runs of a set of work queues, polled one queue at a time (Prefect 2's `OrionAgent`). */
export class WorkQueueRunSource implements RunSource {
  /** The pool of the queues. */
  readonly workPoolName: string;
  readonly #names: Set<string>;
  readonly #prefixes: readonly string[];
  readonly #wholePool: boolean;
  readonly #log: (message: string) => void;
  readonly #queueIds = new Set<string>();
  readonly #pausedLogged = new Set<string>();

  constructor(
    private readonly client: PrefectClient,
    options: WorkQueueRunSourceOptions,
  ) {
    this.workPoolName = options.workPoolName ?? DEFAULT_AGENT_POOL;
    this.#names = new Set(options.workQueueNames ?? []);
    this.#prefixes = options.prefixes ?? [];
    this.#wholePool = this.#names.size === 0 && this.#prefixes.length === 0;
    this.#log = options.log ?? (() => undefined);
  }

  /** The names of the queues polled so far (named ones, then those matched by prefix). */
  get workQueueNames(): string[] {
    return [...this.#names];
  }

  /**
   * Reads every queue to poll: matches the prefixes anew, creates named queues that do not exist (in the
   * `default-agent-pool` through Prefect's pool-less route, which makes that pool on first use).
   */
  async workQueues(): Promise<WorkQueue[]> {
    if (this.#prefixes.length > 0 || this.#wholePool) {
      for (const queue of await this.#matchPrefixes()) {
        if (this.#names.has(queue.name)) continue;
        this.#names.add(queue.name);
        this.#log(`Matched new work queue: '${queue.name}'`);
      }
    }
    const queues: WorkQueue[] = [];
    for (const name of this.#names) queues.push(await this.#readOrCreate(name));
    for (const queue of queues) this.#queueIds.add(queue.id);
    return queues;
  }

  async #matchPrefixes(): Promise<WorkQueue[]> {
    try {
      return await this.client.readWorkQueues({
        workPoolName: this.workPoolName,
        ...(this.#wholePool ? {} : { workQueueFilter: { name: { startswith_: [...this.#prefixes] } } }),
      });
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return []; // no pool yet: no queue to match
      throw error;
    }
  }

  async #readOrCreate(name: string): Promise<WorkQueue> {
    try {
      return await this.client.readWorkQueueByName(name, { workPoolName: this.workPoolName });
    } catch (error) {
      if (!(error instanceof ObjectNotFoundError)) throw error;
    }
    const queue = await this.client.createWorkQueue({
      name,
      ...(this.workPoolName === DEFAULT_AGENT_POOL ? {} : { workPoolName: this.workPoolName }),
    });
    this.#log(`Created work queue '${name}' in work pool '${queue.workPoolName ?? this.workPoolName}'.`);
    return queue;
  }

  async scheduledRuns(before: Date, limit: number): Promise<FlowRun[]> {
    const runs: FlowRun[] = [];
    for (const queue of await this.workQueues()) {
      if (queue.isPaused) {
        if (!this.#pausedLogged.has(queue.id)) this.#log(`Work queue '${queue.name}' is paused.`);
        this.#pausedLogged.add(queue.id);
        continue;
      }
      this.#pausedLogged.delete(queue.id);
      runs.push(
        ...(await this.client.getRunsInWorkQueue(queue.id, {
          scheduledBefore: before,
          limit: Math.max(1, Math.min(limit, 200)),
        })),
      );
    }
    return runs;
  }

  wakeFilter(): Omit<EventFilterInput, "event"> | undefined {
    if (this.#queueIds.size === 0) return undefined;
    return { related: { id: [...this.#queueIds].map((id) => `prefect.work-queue.${id}`), role: ["work-queue"] } };
  }
}
