// Registry credentials as the Docker CLI finds them: auths entries, identity tokens, credHelpers and credsStore.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../../src/errors.js";
import { dockerConfigPath, resolveRegistryAuth } from "../../../../src/deploy/image/docker-credentials.js";
import { DOCKER_HUB_REGISTRY } from "../../../../src/deploy/image/image-reference.js";

function configFile(content: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), "prefect-ts-docker-config-"));
  writeFileSync(path.join(dir, "config.json"), JSON.stringify(content));
  return path.join(dir, "config.json");
}

const basic = Buffer.from("alice:s3cret:with:colons").toString("base64");

describe("dockerConfigPath", () => {
  it("uses DOCKER_CONFIG, else ~/.docker", () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: "/etc/dc" })).toBe("/etc/dc/config.json");
    expect(dockerConfigPath({})).toMatch(/\.docker\/config\.json$/);
  });
});

describe("resolveRegistryAuth", () => {
  it("decodes an auths entry, matching keys by host as the CLI does", async () => {
    const file = configFile({ auths: { "https://127.0.0.1:5000/v2/": { auth: basic } } });
    expect(await resolveRegistryAuth("127.0.0.1:5000", { configFile: file })).toEqual({
      username: "alice",
      password: "s3cret:with:colons",
      serveraddress: "127.0.0.1:5000",
    });
    expect(await resolveRegistryAuth("ghcr.io", { configFile: file })).toBeUndefined();
  });

  it("finds Docker Hub under its v1 URL and passes identity tokens", async () => {
    const file = configFile({ auths: { [DOCKER_HUB_REGISTRY]: { identitytoken: "tok" } } });
    expect(await resolveRegistryAuth(DOCKER_HUB_REGISTRY, { configFile: file })).toEqual({
      identitytoken: "tok",
      serveraddress: DOCKER_HUB_REGISTRY,
    });
  });

  it("reads $DOCKER_CONFIG/config.json", async () => {
    const file = configFile({ auths: { "ghcr.io": { auth: basic } } });
    expect((await resolveRegistryAuth("ghcr.io", { env: { DOCKER_CONFIG: path.dirname(file) } }))?.username).toBe(
      "alice",
    );
  });

  it("asks credHelpers for their registry, else credsStore, with the server on stdin", async () => {
    const calls: string[] = [];
    const runHelper = (helper: string, server: string): Promise<string> => {
      calls.push(`${helper} ${server}`);
      if (helper === "ecr")
        return Promise.resolve(JSON.stringify({ ServerURL: server, Username: "AWS", Secret: "pw" }));
      return Promise.resolve(JSON.stringify({ ServerURL: server, Username: "<token>", Secret: "refresh" }));
    };
    const file = configFile({ credsStore: "desktop", credHelpers: { "1234.dkr.ecr.eu-west-1.amazonaws.com": "ecr" } });
    expect(await resolveRegistryAuth("1234.dkr.ecr.eu-west-1.amazonaws.com", { configFile: file, runHelper })).toEqual({
      username: "AWS",
      password: "pw",
      serveraddress: "1234.dkr.ecr.eu-west-1.amazonaws.com",
    });
    expect(await resolveRegistryAuth("ghcr.io", { configFile: file, runHelper })).toEqual({
      identitytoken: "refresh",
      serveraddress: "ghcr.io",
    });
    expect(calls).toEqual(["ecr 1234.dkr.ecr.eu-west-1.amazonaws.com", "desktop ghcr.io"]);
  });

  it("names a missing helper and the config file", async () => {
    const file = configFile({ credsStore: "prefect-ts-test-nonexistent" });
    const error = await resolveRegistryAuth("ghcr.io", { configFile: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain("docker-credential-prefect-ts-test-nonexistent is not on PATH");
    expect((error as Error).message).toContain(file);
  });

  it("has no credentials without a config file, and rejects a broken one", async () => {
    expect(await resolveRegistryAuth("ghcr.io", { configFile: "/no/such/config.json" })).toBeUndefined();
    const dir = mkdtempSync(path.join(tmpdir(), "prefect-ts-docker-config-"));
    writeFileSync(path.join(dir, "config.json"), "{not json");
    await expect(resolveRegistryAuth("ghcr.io", { configFile: path.join(dir, "config.json") })).rejects.toThrow(
      /is not valid JSON/,
    );
  });
});
