// Admin models: the server's default result storage (`/api/admin/storage`), as Prefect's
// `ServerDefaultResultStorage` and `ServerDefaultResultStorageUpdate`. Versions are plain strings (version.ts).
import { z } from "zod";
import { Uuid } from "./common.js";

/** The configured default result storage: a block document id, or null when none is set. */
export const ServerDefaultResultStorage = z.object({
  default_result_storage_block_id: Uuid.nullable().default(null),
});
export type ServerDefaultResultStorage = z.infer<typeof ServerDefaultResultStorage>;

/** `PUT /api/admin/storage`: the block document to use (it must have the `write-path` capability). */
export const ServerDefaultResultStorageUpdate = z.object({
  default_result_storage_block_id: Uuid,
});
export type ServerDefaultResultStorageUpdate = z.infer<typeof ServerDefaultResultStorageUpdate>;
