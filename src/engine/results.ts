// Persisted results as Prefect 3's result records: one JSON file per storage key under PREFECT_LOCAL_STORAGE_PATH
// holding `{metadata, result}`; a state's `data` is the metadata. Cache lookups read the same files.
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PREFECT_VERSION } from "../schemas/plain.js";

/** The version written into result metadata (`prefect_version`): the Prefect version we speak. */
export const RESULT_PREFECT_VERSION = PREFECT_VERSION;

/** Prefect 3's `ResultRecordMetadata`, as stored in a state's `data` (wire spelling). */
export interface ResultRecordMetadata {
  storage_key: string;
  expiration: string | null;
  serializer: { type: "json" };
  prefect_version: string;
  storage_block_id: null;
}

/** A stored result: its metadata and the value. */
export interface ResultRecord<T = unknown> {
  metadata: ResultRecordMetadata;
  result: T;
}

/** Reads and writes result records in a directory. */
export class ResultStore {
  private ensured = false;

  constructor(readonly basePath: string) {}

  private async ensureDir(): Promise<void> {
    if (this.ensured) return;
    await mkdir(this.basePath, { recursive: true });
    this.ensured = true;
  }

  /** The file of a storage key (keys are hashes or uuids; other characters are replaced). */
  pathFor(key: string): string {
    return join(this.basePath, key.replace(/[^\w.-]/g, "_"));
  }

  /**
   * Writes `value` as JSON under `key` (a random key when null) and returns the metadata for the state's data.
   * @throws TypeError when the value is not JSON-serialisable
   */
  async write(value: unknown, key: string | null, expiration: Date | null): Promise<ResultRecordMetadata> {
    await this.ensureDir();
    const storageKey = this.pathFor(key ?? randomUUID().replace(/-/g, ""));
    const metadata: ResultRecordMetadata = {
      storage_key: storageKey,
      expiration: expiration ? expiration.toISOString() : null,
      serializer: { type: "json" },
      prefect_version: RESULT_PREFECT_VERSION,
      storage_block_id: null,
    };
    const text = JSON.stringify({ metadata, result: value === undefined ? null : value });
    // Write then rename, so a concurrent reader never sees half a record.
    const tmp = `${storageKey}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
    await writeFile(tmp, text);
    await rename(tmp, storageKey);
    return metadata;
  }

  /** Reads the record under `key`; null when absent, unreadable or expired at `now`. */
  async read(key: string, now: Date = new Date()): Promise<ResultRecord | null> {
    let text: string;
    try {
      text = await readFile(this.pathFor(key), "utf8");
    } catch {
      return null;
    }
    try {
      const record = JSON.parse(text) as ResultRecord;
      const expiration = record.metadata?.expiration;
      if (expiration && new Date(expiration).getTime() <= now.getTime()) return null;
      return record;
    } catch {
      return null;
    }
  }

  /** Reads the value a state's data refers to (a result record's metadata); undefined when it is not one. */
  static async readFromMetadata(data: unknown): Promise<{ found: boolean; value: unknown }> {
    const meta = data as Partial<ResultRecordMetadata> | null;
    if (!meta || typeof meta !== "object" || typeof meta.storage_key !== "string")
      return { found: false, value: undefined };
    try {
      const record = JSON.parse(await readFile(meta.storage_key, "utf8")) as ResultRecord;
      return { found: true, value: record.result };
    } catch {
      return { found: false, value: undefined };
    }
  }
}

const stores = new Map<string, ResultStore>();

/** The shared store of a directory. */
export function resultStoreAt(basePath: string): ResultStore {
  let store = stores.get(basePath);
  if (!store) {
    store = new ResultStore(basePath);
    stores.set(basePath, store);
  }
  return store;
}
