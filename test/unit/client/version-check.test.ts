// The client's server version check: warns once per API URL when the server's Prefect is older or of
// another major version, never throws, stays quiet for the same or a newer server.
import { describe, expect, it } from "vitest";
import { warnIfServerOlder } from "../../../src/client/version-check.js";
import { PREFECT_VERSION } from "../../../src/schemas/version.js";

let n = 0;
/** A fresh API URL per case: the check remembers the URLs it has seen. */
function server(version: string | Error) {
  const calls: string[] = [];
  return {
    calls,
    source: {
      apiUrl: `http://server-${++n}.test/api`,
      readServerVersion: async () => {
        calls.push("admin/version");
        if (version instanceof Error) throw version;
        return version;
      },
    },
  };
}

describe("warnIfServerOlder", () => {
  it("warns once when the server is older, naming both versions and what to do", async () => {
    const warnings: string[] = [];
    const s = server("3.7.1");
    await warnIfServerOlder(s.source, { warn: (m) => warnings.push(m), clientVersion: "3.8.3" });
    await warnIfServerOlder(s.source, { warn: (m) => warnings.push(m), clientVersion: "3.8.3" });
    expect(s.calls).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("3.7.1");
    expect(warnings[0]).toContain("older than this client's 3.8.3");
    expect(warnings[0]).toContain("Upgrade the server");
  });

  it("warns on another major version", async () => {
    const warnings: string[] = [];
    await warnIfServerOlder(server("2.20.0").source, { warn: (m) => warnings.push(m), clientVersion: "3.8.3" });
    expect(warnings[0]).toContain("another major version");
  });

  it.each(["3.8.3", "3.9.0", "3.10.0rc1", "3.8.4.dev2"])("is quiet for server %s (same or newer)", async (version) => {
    const warnings: string[] = [];
    expect(
      await warnIfServerOlder(server(version).source, { warn: (m) => warnings.push(m), clientVersion: "3.8.3" }),
    ).toBe(version);
    expect(warnings).toEqual([]);
  });

  it("never throws: an unreachable server or an odd version is left to the next real request", async () => {
    const warnings: string[] = [];
    await expect(
      warnIfServerOlder(server(new Error("ECONNREFUSED")).source, { warn: (m) => warnings.push(m) }),
    ).resolves.toBeUndefined();
    await expect(warnIfServerOlder(server("unknown").source, { warn: (m) => warnings.push(m) })).resolves.toBe(
      "unknown",
    );
    expect(warnings).toEqual([]);
  });

  it("compares with the Prefect version this package speaks by default", async () => {
    const warnings: string[] = [];
    await warnIfServerOlder(server(PREFECT_VERSION).source, { warn: (m) => warnings.push(m) });
    await warnIfServerOlder(server("3.0.0").source, { warn: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`3.0.0, older than this client's ${PREFECT_VERSION}`);
  });

  it("does not check Prefect Cloud, as Prefect's client does not", async () => {
    const calls: string[] = [];
    const cloud = {
      apiUrl: "https://api.prefect.cloud/api/accounts/a/workspaces/w",
      readServerVersion: async () => (calls.push("x"), "1.0.0"),
    };
    expect(await warnIfServerOlder(cloud, { warn: () => calls.push("warned") })).toBeUndefined();
    expect(calls).toEqual([]);
  });
});
