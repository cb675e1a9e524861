// The numbered schema migrations of the server database, applied in order and recorded in `migrations`.
// Later features (deployments, work pools, ...) append entries here; never edit an applied migration.
// Indexes on mostly-NULL columns are partial (WHERE col IS NOT NULL): an insert then touches no page of them,
// and `col = ?` / `col IN (...)` filters still use them.
import type Database from "better-sqlite3";

/** One schema step: a unique increasing number, a name, and the SQL it runs. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "flows_runs_states_logs",
    sql: `
CREATE TABLE flow (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  name TEXT NOT NULL UNIQUE,
  tags TEXT NOT NULL DEFAULT '[]',
  labels TEXT
);

CREATE TABLE flow_run (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  name TEXT NOT NULL,
  flow_id TEXT NOT NULL REFERENCES flow (id) ON DELETE CASCADE,
  state_id TEXT,
  deployment_id TEXT,
  deployment_version TEXT,
  work_queue_id TEXT,
  work_queue_name TEXT,
  work_pool_id TEXT,
  work_pool_name TEXT,
  flow_version TEXT,
  parameters TEXT NOT NULL DEFAULT '{}',
  idempotency_key TEXT,
  context TEXT NOT NULL DEFAULT '{}',
  empirical_policy TEXT NOT NULL DEFAULT '{}',
  tags TEXT NOT NULL DEFAULT '[]',
  labels TEXT,
  parent_task_run_id TEXT REFERENCES task_run (id) ON DELETE SET NULL,
  state_type TEXT,
  state_name TEXT,
  run_count INTEGER NOT NULL DEFAULT 0,
  expected_start_time TEXT,
  next_scheduled_start_time TEXT,
  start_time TEXT,
  end_time TEXT,
  total_run_time REAL NOT NULL DEFAULT 0,
  auto_scheduled INTEGER NOT NULL DEFAULT 0,
  infrastructure_document_id TEXT,
  infrastructure_pid TEXT,
  created_by TEXT,
  job_variables TEXT
);
CREATE INDEX ix_flow_run_flow_id ON flow_run (flow_id);
CREATE INDEX ix_flow_run_state_type ON flow_run (state_type);
CREATE INDEX ix_flow_run_expected_start_time ON flow_run (expected_start_time);
CREATE INDEX ix_flow_run_next_scheduled_start_time ON flow_run (next_scheduled_start_time) WHERE next_scheduled_start_time IS NOT NULL;
CREATE INDEX ix_flow_run_parent_task_run_id ON flow_run (parent_task_run_id) WHERE parent_task_run_id IS NOT NULL;
CREATE INDEX ix_flow_run_deployment_id ON flow_run (deployment_id) WHERE deployment_id IS NOT NULL;
CREATE INDEX ix_flow_run_work_queue_name ON flow_run (work_queue_name) WHERE work_queue_name IS NOT NULL;
CREATE UNIQUE INDEX uq_flow_run_flow_id_idempotency_key ON flow_run (flow_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE task_run (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  name TEXT NOT NULL,
  flow_run_id TEXT REFERENCES flow_run (id) ON DELETE CASCADE,
  task_key TEXT NOT NULL,
  dynamic_key TEXT NOT NULL,
  cache_key TEXT,
  cache_expiration TEXT,
  task_version TEXT,
  empirical_policy TEXT NOT NULL DEFAULT '{}',
  tags TEXT NOT NULL DEFAULT '[]',
  labels TEXT,
  state_id TEXT,
  task_inputs TEXT NOT NULL DEFAULT '{}',
  state_type TEXT,
  state_name TEXT,
  run_count INTEGER NOT NULL DEFAULT 0,
  flow_run_run_count INTEGER NOT NULL DEFAULT 0,
  expected_start_time TEXT,
  next_scheduled_start_time TEXT,
  start_time TEXT,
  end_time TEXT,
  total_run_time REAL NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX uq_task_run_flow_run_id_task_key_dynamic_key ON task_run (flow_run_id, task_key, dynamic_key);
CREATE INDEX ix_task_run_state_type ON task_run (state_type);
CREATE INDEX ix_task_run_expected_start_time ON task_run (expected_start_time);
CREATE INDEX ix_task_run_next_scheduled_start_time ON task_run (next_scheduled_start_time) WHERE next_scheduled_start_time IS NOT NULL;
CREATE INDEX ix_task_run_cache_key ON task_run (cache_key) WHERE cache_key IS NOT NULL;

CREATE TABLE flow_run_state (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  flow_run_id TEXT NOT NULL REFERENCES flow_run (id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  name TEXT,
  timestamp TEXT NOT NULL,
  message TEXT,
  state_details TEXT NOT NULL DEFAULT '{}',
  data TEXT
) WITHOUT ROWID;
CREATE INDEX ix_flow_run_state_flow_run_id_timestamp ON flow_run_state (flow_run_id, timestamp);

CREATE TABLE task_run_state (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  task_run_id TEXT NOT NULL REFERENCES task_run (id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  name TEXT,
  timestamp TEXT NOT NULL,
  message TEXT,
  state_details TEXT NOT NULL DEFAULT '{}',
  data TEXT
) WITHOUT ROWID;
CREATE INDEX ix_task_run_state_task_run_id_timestamp ON task_run_state (task_run_id, timestamp);

CREATE TABLE log (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  name TEXT NOT NULL,
  level INTEGER NOT NULL,
  message TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  flow_run_id TEXT,
  task_run_id TEXT
);
CREATE INDEX ix_log_flow_run_id_timestamp ON log (flow_run_id, timestamp);
CREATE INDEX ix_log_task_run_id ON log (task_run_id) WHERE task_run_id IS NOT NULL;
CREATE INDEX ix_log_timestamp ON log (timestamp);
`,
  },
  {
    version: 2,
    name: "events",
    // Events that no recorder turns into rows of their own (task-run state events are recorded as task runs and
    // states instead), kept whole so nothing sent to POST /events is lost.
    sql: `
CREATE TABLE event (
  id TEXT PRIMARY KEY,
  occurred TEXT NOT NULL,
  event TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  resource TEXT NOT NULL DEFAULT '{}',
  related TEXT NOT NULL DEFAULT '[]',
  payload TEXT NOT NULL DEFAULT '{}',
  follows TEXT,
  received TEXT NOT NULL
);
CREATE INDEX ix_event_occurred ON event (occurred);
`,
  },
  {
    version: 3,
    name: "deployments",
    // Deployments (unique per flow and name) and their schedules; flow runs keep their deployment_id column.
    sql: `
CREATE TABLE deployment (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  name TEXT NOT NULL,
  flow_id TEXT NOT NULL REFERENCES flow (id) ON DELETE CASCADE,
  version TEXT,
  description TEXT,
  paused INTEGER NOT NULL DEFAULT 0,
  concurrency_limit INTEGER,
  concurrency_options TEXT,
  job_variables TEXT NOT NULL DEFAULT '{}',
  parameters TEXT NOT NULL DEFAULT '{}',
  tags TEXT NOT NULL DEFAULT '[]',
  labels TEXT,
  work_queue_name TEXT,
  work_pool_name TEXT,
  last_polled TEXT,
  parameter_openapi_schema TEXT,
  path TEXT,
  pull_steps TEXT,
  entrypoint TEXT,
  storage_document_id TEXT,
  infrastructure_document_id TEXT,
  created_by TEXT,
  updated_by TEXT,
  enforce_parameter_schema INTEGER NOT NULL DEFAULT 1,
  version_info TEXT
);
CREATE UNIQUE INDEX uq_deployment_flow_id_name ON deployment (flow_id, name);
CREATE INDEX ix_deployment_name ON deployment (name);

CREATE TABLE deployment_schedule (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  deployment_id TEXT NOT NULL REFERENCES deployment (id) ON DELETE CASCADE,
  schedule TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  max_scheduled_runs INTEGER,
  parameters TEXT NOT NULL DEFAULT '{}',
  slug TEXT
);
CREATE INDEX ix_deployment_schedule_deployment_id ON deployment_schedule (deployment_id, created);
CREATE UNIQUE INDEX uq_deployment_schedule_deployment_id_slug ON deployment_schedule (deployment_id, slug) WHERE slug IS NOT NULL;
`,
  },
  {
    version: 4,
    name: "services",
    // The lease that lets one process at a time run the background services on a database, and the index the
    // scheduler reads a deployment's future auto-scheduled runs through (and late-runs its overdue ones).
    sql: `
CREATE TABLE service_lease (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  acquired TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX ix_flow_run_scheduled_deployment ON flow_run (deployment_id, next_scheduled_start_time) WHERE state_type = 'SCHEDULED' AND auto_scheduled = 1;
`,
  },
  {
    version: 5,
    name: "work_pools_queues_workers",
    // Work pools, their queues and workers; deployments point at a queue; runs with a pool name get their queue and
    // pool ids on insert (the trigger: create_flow_run and the scheduler insert runs by name); the zombie-runs
    // service reads which worker submitted a run and its last flow-run heartbeat from flow_run_liveness.
    sql: `
CREATE TABLE work_pool (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  name TEXT NOT NULL UNIQUE,
  description TEXT,
  type TEXT NOT NULL,
  base_job_template TEXT NOT NULL DEFAULT '{}',
  is_paused INTEGER NOT NULL DEFAULT 0,
  concurrency_limit INTEGER,
  default_queue_id TEXT,
  storage_configuration TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE work_queue (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  is_paused INTEGER NOT NULL DEFAULT 0,
  concurrency_limit INTEGER,
  priority INTEGER NOT NULL,
  last_polled TEXT,
  filter TEXT,
  work_pool_id TEXT NOT NULL REFERENCES work_pool (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX uq_work_queue_work_pool_id_name ON work_queue (work_pool_id, name);

CREATE TABLE worker (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  name TEXT NOT NULL,
  work_pool_id TEXT NOT NULL REFERENCES work_pool (id) ON DELETE CASCADE,
  last_heartbeat_time TEXT,
  heartbeat_interval_seconds INTEGER,
  status TEXT NOT NULL DEFAULT 'OFFLINE'
);
CREATE UNIQUE INDEX uq_worker_work_pool_id_name ON worker (work_pool_id, name);

CREATE TABLE flow_run_liveness (
  flow_run_id TEXT PRIMARY KEY REFERENCES flow_run (id) ON DELETE CASCADE,
  work_pool_id TEXT,
  worker_name TEXT,
  last_heartbeat TEXT
) WITHOUT ROWID;

ALTER TABLE deployment ADD COLUMN work_queue_id TEXT REFERENCES work_queue (id) ON DELETE SET NULL;
CREATE INDEX ix_deployment_work_queue_id ON deployment (work_queue_id) WHERE work_queue_id IS NOT NULL;

CREATE INDEX ix_flow_run_work_queue_id_state ON flow_run (work_queue_id, state_type, next_scheduled_start_time) WHERE work_queue_id IS NOT NULL;
CREATE INDEX ix_flow_run_work_pool_id_state ON flow_run (work_pool_id, state_type) WHERE work_pool_id IS NOT NULL;

CREATE TRIGGER tr_flow_run_work_queue AFTER INSERT ON flow_run
WHEN NEW.work_pool_name IS NOT NULL AND NEW.work_queue_id IS NULL
BEGIN
  UPDATE flow_run SET (work_queue_id, work_pool_id, work_queue_name) = (
    SELECT wq.id, wp.id, wq.name FROM work_pool AS wp JOIN work_queue AS wq ON wq.work_pool_id = wp.id
    WHERE wp.name = NEW.work_pool_name
      AND (wq.name = NEW.work_queue_name OR (NEW.work_queue_name IS NULL AND wq.id = wp.default_queue_id))
  )
  WHERE id = NEW.id AND EXISTS (
    SELECT 1 FROM work_pool AS wp JOIN work_queue AS wq ON wq.work_pool_id = wp.id
    WHERE wp.name = NEW.work_pool_name
      AND (wq.name = NEW.work_queue_name OR (NEW.work_queue_name IS NULL AND wq.id = wp.default_queue_id))
  );
END;
`,
  },
  {
    version: 6,
    name: "work_queue_assignment_in_code",
    // The trigger of migration 5 made every flow_run insert 2.5x slower (the scheduler's first pass over 1,000
    // deployments went from 0.45 s to 1.1 s), even for runs without a pool; work-queue-assignment.ts does its job.
    sql: `DROP TRIGGER IF EXISTS tr_flow_run_work_queue;`,
  },
  {
    version: 7,
    name: "variables",
    // IF NOT EXISTS: safe to renumber should another migration claim this version concurrently.
    sql: `
CREATE TABLE IF NOT EXISTS variable (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  name TEXT NOT NULL UNIQUE,
  value TEXT,
  tags TEXT NOT NULL DEFAULT '[]'
);
`,
  },
  {
    version: 8,
    name: "csrf_token",
    // Prefect's csrf_token table: one token per client (PREFECT_SERVER_CSRF_PROTECTION_ENABLED).
    sql: `
CREATE TABLE IF NOT EXISTS csrf_token (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  token TEXT NOT NULL,
  client TEXT NOT NULL UNIQUE,
  expiration TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_csrf_token_expiration ON csrf_token (expiration);
`,
  },
  {
    version: 9,
    name: "blocks",
    // IF NOT EXISTS: safe to renumber should another migration claim this version concurrently.
    sql: `
CREATE TABLE IF NOT EXISTS block_type (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  logo_url TEXT,
  documentation_url TEXT,
  description TEXT,
  code_example TEXT,
  is_protected INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS block_schema (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  checksum TEXT NOT NULL,
  fields TEXT NOT NULL DEFAULT '{}',
  block_type_id TEXT NOT NULL REFERENCES block_type (id) ON DELETE CASCADE,
  capabilities TEXT NOT NULL DEFAULT '[]',
  version TEXT NOT NULL DEFAULT 'non-versioned',
  UNIQUE (checksum, version)
);
CREATE INDEX IF NOT EXISTS ix_block_schema_block_type_id ON block_schema (block_type_id);

CREATE TABLE IF NOT EXISTS block_document (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  name TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}',
  block_schema_id TEXT NOT NULL REFERENCES block_schema (id) ON DELETE CASCADE,
  block_type_id TEXT NOT NULL REFERENCES block_type (id) ON DELETE CASCADE,
  is_anonymous INTEGER NOT NULL DEFAULT 0,
  UNIQUE (block_type_id, name)
);
CREATE INDEX IF NOT EXISTS ix_block_document_block_schema_id ON block_document (block_schema_id);
`,
  },
  {
    version: 10,
    name: "state_timestamp_microseconds",
    // State timestamps keep the client's microseconds (codec.ts toUtcMicros): rows stored with milliseconds get
    // three zeros, so that every row of the column has six digits and string order stays time order. Idempotent.
    sql: `
UPDATE flow_run_state SET timestamp = substr(timestamp, 1, 23) || '000Z' WHERE length(timestamp) = 24;
UPDATE task_run_state SET timestamp = substr(timestamp, 1, 23) || '000Z' WHERE length(timestamp) = 24;
`,
  },
  {
    version: 11,
    name: "configuration",
    // Prefect's configuration table (key -> JSON value): the server's default result storage block.
    sql: `
CREATE TABLE IF NOT EXISTS configuration (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  key TEXT NOT NULL UNIQUE,
  value TEXT NOT NULL
);
`,
  },
  {
    version: 12,
    name: "flow_run_start_time_sort",
    // The runs list (dashboard, `flow-run ls`) sorts by coalesce(start_time, expected_start_time) DESC and pages
    // 25 at a time: without an index on that expression SQLite sorted every run (about 100 ms at 10,000 runs);
    // the others serve the same order within one state type or one flow. IF NOT EXISTS: safe to renumber.
    sql: `
CREATE INDEX IF NOT EXISTS ix_flow_run_start_time_sort ON flow_run (coalesce(start_time, expected_start_time), id);
CREATE INDEX IF NOT EXISTS ix_flow_run_state_type_start_time_sort ON flow_run (state_type, coalesce(start_time, expected_start_time), id);
CREATE INDEX IF NOT EXISTS ix_flow_run_flow_id_start_time_sort ON flow_run (flow_id, coalesce(start_time, expected_start_time), id);
`,
  },
  {
    version: 13,
    name: "artifacts",
    // Prefect's artifact table and artifact_collection (the latest artifact of each key, one row per key). No foreign
    // keys on the run ids, as in Prefect: an artifact made inside a task may arrive before its task run is stored.
    sql: `
CREATE TABLE IF NOT EXISTS artifact (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  key TEXT,
  type TEXT,
  description TEXT,
  data TEXT,
  metadata_ TEXT,
  flow_run_id TEXT,
  task_run_id TEXT
);
CREATE INDEX IF NOT EXISTS ix_artifact_key_created ON artifact (key, created);
CREATE INDEX IF NOT EXISTS ix_artifact_flow_run_id ON artifact (flow_run_id);
CREATE INDEX IF NOT EXISTS ix_artifact_task_run_id ON artifact (task_run_id);
CREATE TABLE IF NOT EXISTS artifact_collection (
  id TEXT PRIMARY KEY,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  key TEXT NOT NULL UNIQUE,
  latest_id TEXT NOT NULL,
  type TEXT,
  description TEXT,
  data TEXT,
  metadata_ TEXT,
  flow_run_id TEXT,
  task_run_id TEXT
);
`,
  },
];

/**
 * Applies every migration newer than the database's, all in one IMMEDIATE transaction, so two processes opening a
 * fresh file at once apply each step exactly once, and a fresh database is made with one commit (a commit per step
 * doubled the time a first script spent creating it). A step that fails leaves the database as it was.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): void {
  db.exec(
    "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)",
  );
  const applied = db.prepare<[], number>("SELECT version FROM migrations").pluck();
  const pending = (): Migration[] => {
    const done = new Set(applied.all());
    return migrations.filter((migration) => !done.has(migration.version));
  };
  if (pending().length === 0) return;
  const record = db.prepare("INSERT INTO migrations (version, name, applied) VALUES (?, ?, ?)");
  db.transaction(() => {
    // Read again under the write lock: another process may have applied some meanwhile.
    for (const migration of pending()) {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }
  }).immediate();
}
