// The server's database: one SQLite file opened by `openStore`, migrated on open, with one table module
// per resource. Routes run each request's writes inside `store.write(...)`.
import { EventBus } from "../events/event-bus.js";
import { Connection } from "./connection.js";
import { DeploymentSchedulesTable } from "./deployment-schedules.js";
import { DeploymentsTable } from "./deployments.js";
import { EventsTable } from "./events.js";
import { FlowRunsTable } from "./flow-runs.js";
import { FlowsTable } from "./flows.js";
import { LogsTable } from "./logs.js";
import { migrate } from "./migrations.js";
import { StatesTable } from "./states.js";
import { TaskRunUpserts } from "./task-run-upserts.js";
import { TaskRunsTable } from "./task-runs.js";
import { VariablesTable } from "./variables.js";
import { ArtifactsTable } from "./artifacts.js";
import { BlockDocumentsTable } from "./block-documents.js";
import { BlockSchemasTable, BlockTypesTable } from "./block-types.js";
import { FlowRunLivenessTable } from "./flow-run-liveness.js";
import { WorkPoolsTable } from "./work-pools.js";
import { WorkQueuesTable } from "./work-queues.js";
import { WorkersTable } from "./workers.js";

/** The server's storage: tables plus transactions over one SQLite connection. */
export class Store {
  /** The database file (or ":memory:"). */
  readonly path: string;
  /** The connection (statement cache, raw access for later table modules). */
  readonly conn: Connection;
  /** The `flow` table. */
  readonly flows: FlowsTable;
  /** The `flow_run` table (state columns are written by state-transitions.ts only). */
  readonly flowRuns: FlowRunsTable;
  /** The state history of flow runs. */
  readonly flowRunStates: StatesTable;
  /** The `task_run` table (state columns are written by state-transitions.ts only). */
  readonly taskRuns: TaskRunsTable;
  /** The state history of task runs. */
  readonly taskRunStates: StatesTable;
  /** The `log` table. */
  readonly logs: LogsTable;
  /** Task run upserts and idempotent state inserts from client-side events (the task-run recorder). */
  readonly taskRunUpserts: TaskRunUpserts;
  /** The `event` table. */
  readonly events: EventsTable;
  /** Committed events, for live subscribers in this process (`/events/out`). */
  readonly eventBus = new EventBus();
  /** The `deployment` table. */
  readonly deployments: DeploymentsTable;
  /** The `deployment_schedule` table. */
  readonly deploymentSchedules: DeploymentSchedulesTable;
  /** The `work_pool` table. */
  readonly workPools: WorkPoolsTable;
  /** The `work_queue` table. */
  readonly workQueues: WorkQueuesTable;
  /** The `worker` table. */
  readonly workers: WorkersTable;
  /** Which worker submitted a flow run and its last heartbeat (the zombie-runs service). */
  readonly flowRunLiveness: FlowRunLivenessTable;
  /** The `variable` table. */
  readonly variables: VariablesTable;
  /** The `artifact` and `artifact_collection` tables. */
  readonly artifacts: ArtifactsTable;
  /** The `block_type` table. */
  readonly blockTypes: BlockTypesTable;
  /** The `block_schema` table. */
  readonly blockSchemas: BlockSchemasTable;
  /** The `block_document` table. */
  readonly blockDocuments: BlockDocumentsTable;

  /** Opens and migrates the database at `path`; prefer {@link openStore}. */
  constructor(path: string) {
    this.path = path;
    this.conn = new Connection(path);
    try {
      migrate(this.conn.db);
    } catch (error) {
      this.conn.close();
      throw error;
    }
    this.flows = new FlowsTable(this.conn);
    this.flowRuns = new FlowRunsTable(this.conn);
    this.flowRunStates = new StatesTable(this.conn, "flow_run_state", "flow_run_id");
    this.taskRuns = new TaskRunsTable(this.conn);
    this.taskRunStates = new StatesTable(this.conn, "task_run_state", "task_run_id");
    this.logs = new LogsTable(this.conn);
    this.taskRunUpserts = new TaskRunUpserts(this.conn);
    this.events = new EventsTable(this.conn);
    this.deploymentSchedules = new DeploymentSchedulesTable(this.conn);
    this.deployments = new DeploymentsTable(this.conn, (id) => this.deploymentSchedules.list(id));
    this.workQueues = new WorkQueuesTable(this.conn);
    this.workPools = new WorkPoolsTable(this.conn, this.workQueues);
    this.workers = new WorkersTable(this.conn);
    this.flowRunLiveness = new FlowRunLivenessTable(this.conn);
    this.variables = new VariablesTable(this.conn);
    this.artifacts = new ArtifactsTable(this.conn);
    this.blockTypes = new BlockTypesTable(this.conn);
    this.blockSchemas = new BlockSchemasTable(this.conn, this.blockTypes);
    this.blockDocuments = new BlockDocumentsTable(this.conn, this.blockTypes, this.blockSchemas);
  }

  /** Runs `fn` as one IMMEDIATE write transaction: all of it is stored, or (on a throw) none of it. */
  write<T>(fn: () => T): T {
    return this.conn.write(fn);
  }

  /** Whether the connection is open. */
  get open(): boolean {
    return this.conn.db.open;
  }

  /** Closes the database (idempotent). */
  close(): void {
    this.conn.close();
  }
}

/**
 * Opens (creating and migrating as needed) the SQLite database at `path`. Several stores, in one process or
 * many, may open the same file: WAL mode and IMMEDIATE transactions keep them consistent.
 * @example
 * const store = openStore(join(home, "prefect.db"));
 * const app = createApp({ store });
 */
export function openStore(path: string): Store {
  return new Store(path);
}
