// Storage blocks read through the client against the real server, over both transports: the built-in file-system
// types carry Prefect's capabilities, a local-file-system block takes a project (put) and gives it back by the
// deployment's storage_document_id (get), and a missing block, a block without the capability, or an unsupported
// remote scheme each fail with a message naming it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrefectClient } from "../../../src/client/index.js";
import {
  downloadFromStorage,
  parseStorageBlockRef,
  readStorageBlock,
  storageYaml,
} from "../../../src/deploy/storage/storage-block.js";
import { ConfigError } from "../../../src/errors.js";
import { createTestServer, transports, type TestServer } from "../../../src/testing/index.js";

async function createBlock(
  client: PrefectClient,
  slug: string,
  name: string,
  data: Record<string, unknown>,
): Promise<string> {
  const type = await client.readBlockTypeBySlug(slug);
  const [schema] = await client.readBlockSchemas({ blockSchemaFilter: { blockTypeId: { any_: [type.id] } } });
  return (await client.createBlockDocument({ name, data, blockSchemaId: schema!.id, blockTypeId: type.id })).id;
}

describe.each(transports)("storage blocks over %s", (transport) => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await createTestServer({ transport });
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-storage-"));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("local-file-system and remote-file-system are registered with Prefect's deployment-storage capabilities", async () => {
    for (const slug of ["local-file-system", "remote-file-system"]) {
      const type = await server.client.readBlockTypeBySlug(slug);
      const [schema] = await server.client.readBlockSchemas({
        blockSchemaFilter: { blockTypeId: { any_: [type.id] } },
      });
      expect([...schema!.capabilities].sort()).toEqual(["get-directory", "put-directory", "read-path", "write-path"]);
    }
  });

  test("a project goes into a local-file-system block and comes back by the deployment's storage_document_id", async () => {
    const client = server.client;
    const store = join(dir, `store-${transport}`);
    const id = await createBlock(client, "local-file-system", `dev-${transport}`, { basepath: store });
    const project = join(dir, `project-${transport}`);
    mkdirSync(join(project, "lib"), { recursive: true });
    writeFileSync(join(project, "flow.ts"), "export const f = 1;");
    writeFileSync(join(project, "lib", "a.ts"), "a");
    writeFileSync(join(project, "secret.env"), "x");
    writeFileSync(join(project, ".prefectignore"), "*.env\n");

    const ref = parseStorageBlockRef(`local-file-system/dev-${transport}/flows/v1`);
    expect(ref).toEqual({ slug: "local-file-system", name: `dev-${transport}`, path: "flows/v1" });
    const { document, storage } = await readStorageBlock(client, ref, "put-directory");
    expect(document.id).toBe(id);
    expect(
      await storage.putDirectory({ localPath: project, toPath: ref.path, ignoreFile: join(project, ".prefectignore") }),
    ).toBe(3);
    expect(storageYaml(document)).toEqual({
      basepath: store,
      _block_document_id: id,
      _block_document_name: `dev-${transport}`,
      _is_anonymous: false,
      block_type_slug: "local-file-system",
      _block_type_slug: "local-file-system",
    });

    const run = join(dir, `run-${transport}`);
    const used = await downloadFromStorage(client, { name: "d", storageDocumentId: id, path: "flows/v1" }, run);
    expect(used.location("flows/v1")).toBe(`${store}/flows/v1`);
    expect(readFileSync(join(run, "flow.ts"), "utf8")).toBe("export const f = 1;");
    expect(readFileSync(join(run, "lib", "a.ts"), "utf8")).toBe("a");
    expect(() => readFileSync(join(run, "secret.env"))).toThrow();
  });

  test("a missing block, a block without the capability, and an unsupported scheme are errors that name them", async () => {
    const client = server.client;
    const missing = readStorageBlock(client, { slug: "local-file-system", name: "nope" }, "put-directory");
    await expect(missing).rejects.toThrow(ConfigError);
    await expect(
      readStorageBlock(client, { slug: "local-file-system", name: "nope" }, "put-directory"),
    ).rejects.toThrow(
      "Storage block 'local-file-system/nope' not found. Create it with: prefect-ts block create local-file-system nope --field basepath=/srv/flows",
    );
    await createBlock(client, "secret", `pw-${transport}`, { value: "s" });
    await expect(
      readStorageBlock(client, { slug: "secret", name: `pw-${transport}` }, "put-directory"),
    ).rejects.toThrow(
      `Storage block 'secret/pw-${transport}' is missing the 'put-directory' capability (it has: none).`,
    );
    await createBlock(client, "remote-file-system", `s3-${transport}`, { basepath: "s3://bucket/flows", settings: {} });
    await expect(
      readStorageBlock(client, { slug: "remote-file-system", name: `s3-${transport}` }, "put-directory"),
    ).rejects.toThrow(/the 's3' scheme of basepath 's3:\/\/bucket\/flows' is not supported by prefect-ts/);

    const gone = await createBlock(client, "local-file-system", `gone-${transport}`, { basepath: join(dir, "gone") });
    await client.deleteBlockDocument(gone);
    await expect(
      downloadFromStorage(client, { name: "etl", storageDocumentId: gone, path: null }, join(dir, "x")),
    ).rejects.toThrow(`Storage block ${gone} of deployment 'etl' not found (was it deleted?).`);
    expect(() => parseStorageBlockRef("local-file-system")).toThrow(
      "Storage block 'local-file-system': give it as TYPE/NAME, e.g. -sb local-file-system/dev.",
    );
  });
});
