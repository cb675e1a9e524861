// The SQLite connection of a store: pragmas, the prepared-statement cache and IMMEDIATE write transactions.
// Tables (flows.ts, flow-runs.ts, ...) run their SQL through it; the schema lives in migrations.ts.
import Database from "better-sqlite3";

/** A row as better-sqlite3 returns it. */
export type Row = Record<string, unknown>;

/** The outcome of one write of {@link Connection.writeEach}. */
export type WriteOutcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/** Past this many distinct SQL texts the cache is emptied (filters compile to a bounded set of shapes). */
const MAX_CACHED_STATEMENTS = 1000;

/** One better-sqlite3 connection with its statement cache. */
export class Connection {
  /** The underlying better-sqlite3 handle. */
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private depth = 0;
  /** Callbacks waiting for the commit of the current write transaction (see {@link afterCommit}). */
  private committed: (() => void)[] = [];
  /** The transaction wrappers, made once: better-sqlite3 builds a wrapper per `db.transaction(...)` call. */
  private readonly runInTransaction: Database.Transaction<(fn: () => unknown) => unknown>;
  private readonly runEachInTransaction: Database.Transaction<(fns: readonly (() => unknown)[]) => WriteOutcome[]>;

  /** Opens `path` (":memory:" allowed) with WAL, synchronous=NORMAL, busy_timeout=5000, foreign keys on. */
  constructor(path: string) {
    this.db = new Database(path, { timeout: 5000 });
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = ON");
    // A 16 MiB page cache, and checkpoints every ~16 MiB of WAL instead of 4 MiB: each checkpoint fsyncs
    // twice, so fewer, larger ones keep the per-request write cost low (measured: about -40%).
    this.db.pragma("cache_size = -16000");
    this.db.pragma("wal_autocheckpoint = 4000");
    this.runInTransaction = this.db.transaction((fn: () => unknown) => fn());
    const savepoint = this.db.prepare("SAVEPOINT prefect_write");
    const release = this.db.prepare("RELEASE prefect_write");
    const rollback = this.db.prepare("ROLLBACK TO prefect_write");
    this.runEachInTransaction = this.db.transaction((fns: readonly (() => unknown)[]) =>
      fns.map((fn): WriteOutcome => {
        savepoint.run();
        const mark = this.committed.length;
        try {
          const value = fn();
          release.run();
          return { ok: true, value };
        } catch (error) {
          rollback.run();
          release.run();
          this.committed.length = mark;
          return { ok: false, error };
        }
      }),
    );
  }

  /** The prepared statement for `sql`, compiled once per connection. */
  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `sql` and returns all rows. */
  all(sql: string, params: readonly unknown[] = []): Row[] {
    return this.statement(sql).all(...params) as Row[];
  }

  /** Runs `sql` and returns the first row, or undefined. */
  get(sql: string, params: readonly unknown[] = []): Row | undefined {
    return this.statement(sql).get(...params) as Row | undefined;
  }

  /** Runs a write statement; returns the number of changed rows. */
  run(sql: string, params: readonly unknown[] = []): number {
    return this.statement(sql).run(...params).changes;
  }

  /**
   * Runs `fn` in one write transaction started with BEGIN IMMEDIATE, so several processes sharing the
   * file queue on the write lock up front instead of deadlocking on a read-to-write upgrade. Nested
   * calls join the outer transaction. Any throw rolls everything back.
   */
  write<T>(fn: () => T): T {
    if (this.depth > 0 || this.db.inTransaction) return fn();
    this.depth++;
    let result: T;
    try {
      result = this.runInTransaction.immediate(fn) as T;
    } catch (error) {
      this.committed = [];
      throw error;
    } finally {
      this.depth--;
    }
    this.#runCommitted();
    return result;
  }

  /**
   * Runs independent writes in ONE IMMEDIATE transaction, so they share one commit (group commit: the WAL
   * pages they touch are written once), each in its own savepoint: a write that throws is rolled back alone
   * and reported in its outcome. Nested `write` calls join their savepoint.
   * @throws when the transaction itself cannot begin or commit (then none of the writes is stored)
   */
  writeEach(fns: readonly (() => unknown)[]): WriteOutcome[] {
    if (this.depth > 0 || this.db.inTransaction)
      throw new Error("writeEach cannot run inside another write transaction");
    this.depth++;
    let outcomes: WriteOutcome[];
    try {
      outcomes = this.runEachInTransaction.immediate(fns);
    } catch (error) {
      this.committed = [];
      throw error;
    } finally {
      this.depth--;
    }
    this.#runCommitted();
    return outcomes;
  }

  /**
   * Calls `fn` once the current write transaction commits (at once outside one); dropped when the transaction, or
   * the savepoint of a {@link writeEach} write, rolls back. For telling subscribers about stored changes.
   */
  afterCommit(fn: () => void): void {
    if (this.depth > 0 || this.db.inTransaction) this.committed.push(fn);
    else fn();
  }

  #runCommitted(): void {
    if (this.committed.length === 0) return;
    const callbacks = this.committed;
    this.committed = [];
    for (const fn of callbacks) {
      try {
        fn();
      } catch {
        // a subscriber's failure never undoes or fails a committed write
      }
    }
  }

  /** Closes the connection (idempotent). */
  close(): void {
    if (this.db.open) this.db.close();
    this.statements.clear();
  }
}
