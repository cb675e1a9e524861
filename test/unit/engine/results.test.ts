import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ResultStore } from "../../../src/engine/results.js";
import { stateResult } from "../../../src/engine/state-result.js";
import { makeState } from "../../../src/engine/states.js";
import { FailedRunError } from "../../../src/errors.js";

describe("result store", () => {
  it("writes Prefect 3 result records and reads them back", async () => {
    const dir = await mkdtemp(join(tmpdir(), "prefect-ts-results-"));
    const store = new ResultStore(dir);
    const meta = await store.write({ rows: [1, 2] }, "abc123", null);
    expect(meta).toEqual({
      storage_key: join(dir, "abc123"),
      expiration: null,
      serializer: { type: "json" },
      prefect_version: expect.any(String),
      storage_block_id: null,
    });
    const onDisk = JSON.parse(await readFile(meta.storage_key, "utf8"));
    expect(onDisk).toEqual({ metadata: meta, result: { rows: [1, 2] } });
    expect((await store.read("abc123"))?.result).toEqual({ rows: [1, 2] });
    expect(await store.read("missing")).toBeNull();
  });

  it("treats expired records as missing", async () => {
    const store = new ResultStore(await mkdtemp(join(tmpdir(), "prefect-ts-results-")));
    await store.write(1, "k", new Date(Date.now() + 1000));
    expect(await store.read("k")).not.toBeNull();
    expect(await store.read("k", new Date(Date.now() + 2000))).toBeNull();
  });

  it("stateResult reads persisted and in-memory results and throws for failures", async () => {
    const store = new ResultStore(await mkdtemp(join(tmpdir(), "prefect-ts-results-")));
    const meta = await store.write("v", null, null);
    expect(await stateResult(makeState("COMPLETED", { data: meta }))).toBe("v");
    expect(await stateResult(makeState("COMPLETED", { data: 5 }))).toBe(5);
    await expect(stateResult(makeState("FAILED", { message: "boom" }))).rejects.toThrow(FailedRunError);
  });
});
