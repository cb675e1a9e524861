// Block schema checksums are Prefect's: the built-in schemas hash to the checksums Prefect's own server stores.
import { describe, expect, it } from "vitest";
import { blockSchemaChecksum, pythonJsonDumps } from "../../../src/server/blocks/checksum.js";
import { obfuscateSecrets, OBFUSCATED, restoreSecrets } from "../../../src/server/blocks/secret-fields.js";
import { SYSTEM_BLOCK_TYPES } from "../../../src/server/blocks/system-block-types.js";

describe("blockSchemaChecksum", () => {
  it("gives the built-in schemas the checksums Prefect registers them under", () => {
    const checksums = Object.fromEntries(SYSTEM_BLOCK_TYPES.map((t) => [t.slug, blockSchemaChecksum(t.fields)]));
    expect(checksums).toEqual({
      secret: "sha256:e6b26e0a0240eb112e604608338f863e5ca2f137936e310014bfa2139d0a9b6c",
      json: "sha256:ef9b76010e0545bd7f2212029460731f66ccfce289affe4b504cbeb702fc8ea3",
      string: "sha256:e9f3f43e55b73bc94ee2a355f1e4ef7064645268cba22571c2a95d90a2af8dd0",
      "local-file-system": "sha256:6db1ab242e7b2b88a52dc137a7da3a373af63e0a103b9a91e060ed54a26f395a",
      "remote-file-system": "sha256:efb6b7304d9cadaf09a18abc60be7ae86aec60dbd7dba345faa7ba1e960b211f",
    });
  });

  it("ignores key order and secret_fields, as Prefect does", () => {
    const a = blockSchemaChecksum({ title: "X", properties: { b: 1, a: 2 }, secret_fields: ["a"] });
    expect(blockSchemaChecksum({ properties: { a: 2, b: 1 }, title: "X" })).toBe(a);
  });
});

describe("pythonJsonDumps", () => {
  it("writes JSON as Python's json.dumps(sort_keys=True)", () => {
    expect(pythonJsonDumps({ b: [1, 2.5, true, null], a: 'é\n"' })).toBe(
      '{"a": "\\u00e9\\n\\"", "b": [1, 2.5, true, null]}',
    );
  });
});

describe("secret fields", () => {
  const fields = { secret_fields: ["value", "headers.*", "nested.token"] };
  const data = { value: "s3cr3t", headers: { auth: "x", other: "y" }, nested: { token: "t", keep: 1 }, plain: "p" };

  it("obfuscates every secret path, wildcards included, without touching the original", () => {
    expect(obfuscateSecrets(data, fields)).toEqual({
      value: OBFUSCATED,
      headers: { auth: OBFUSCATED, other: OBFUSCATED },
      nested: { token: OBFUSCATED, keep: 1 },
      plain: "p",
    });
    expect(data.value).toBe("s3cr3t");
  });

  it("restores secrets sent back obfuscated and keeps new ones", () => {
    const incoming = { value: OBFUSCATED, nested: { token: "new", keep: 2 } };
    expect(restoreSecrets(incoming, data, fields)).toEqual({ value: "s3cr3t", nested: { token: "new", keep: 2 } });
  });
});
