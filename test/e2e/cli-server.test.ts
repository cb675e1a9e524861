// `prefect-ts server start` as a subprocess: binds a free port, serves /api/health, stops cleanly on SIGTERM.
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/index.js";
import { startCli, tempHome } from "./cli-helpers.js";

let home: string | undefined;
afterEach(() => {
  if (home !== undefined) rmSync(home, { recursive: true, force: true });
});

/** Fails the wait at once when the server process died instead of starting. */
function exitedEarly(server: ReturnType<typeof startCli>): null {
  if (server.child.exitCode !== null)
    throw new Error(`server exited with ${server.child.exitCode}:\n${server.output()}`);
  return null;
}

describe("prefect-ts server start", () => {
  it("serves the API on a free port and exits 0 on SIGTERM", async () => {
    home = tempHome();
    const server = startCli(["server", "start", "--port", "0"], { PREFECT_HOME: home });
    try {
      const match = await waitFor(() => exitedEarly(server) ?? /PREFECT_API_URL=(\S+)/.exec(server.output()), {
        timeoutMs: 30_000,
        message: "the server to print PREFECT_API_URL",
      });
      const apiUrl = match[1] as string;
      expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
      expect(apiUrl).not.toContain(":0/");
      const health = await fetch(`${apiUrl}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toBe(true);
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain("Server stopped.");
  });

  it("warns when binding a non-loopback host without an auth string", async () => {
    home = tempHome();
    const server = startCli(["server", "start", "--host", "0.0.0.0", "--port", "0"], { PREFECT_HOME: home });
    try {
      await waitFor(() => exitedEarly(server) ?? server.output().includes("PREFECT_API_URL="), {
        timeoutMs: 30_000,
        message: "server start",
      });
      expect(server.output()).toContain("without authentication");
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  });
});
