// Seed 002's `prefect orion start`: the same server as `server start`, with a note on the old name, reading Prefect
// 2's PREFECT_ORION_* variables.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { waitFor } from "../../src/testing/index.js";
import { startCli, tempHome } from "./cli-helpers.js";
import { alive, killAll } from "./worker-helpers.js";

const home = tempHome();
afterAll(() => rmSync(home, { recursive: true, force: true }));

it("orion start serves the API, says Orion is the old name, and reads PREFECT_ORION_DATABASE_CONNECTION_URL", async () => {
  const db = join(home, "orion.db");
  const server = startCli(["orion", "start"], {
    PREFECT_HOME: home,
    PREFECT_ORION_API_PORT: "0",
    PREFECT_ORION_DATABASE_CONNECTION_URL: `sqlite+aiosqlite:///${db}`,
  });
  try {
    const match = await waitFor(() => alive(server, "orion start") ?? /PREFECT_API_URL=(\S+)/.exec(server.output()), {
      timeoutMs: 60_000,
      message: "orion start to print PREFECT_API_URL",
    });
    const response = await fetch(`${match[1]}/health`);
    expect(await response.json()).toBe(true);
    expect(server.output()).toContain("Note: Orion is Prefect 2's name of the server");
    expect(server.output()).toContain("PREFECT_ORION_API_PORT is Prefect 2's name of PREFECT_SERVER_API_PORT");
    expect(server.output()).toContain(`Database: ${db}`);
  } finally {
    killAll([server.child.pid as number]);
    await server.exited;
  }
});
