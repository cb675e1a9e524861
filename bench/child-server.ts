// A prefect-ts server in a child process on 127.0.0.1, for benchmarks whose load generator or flows must not
// share the server's event loop (as with `prefect-ts server start` in another terminal).
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Starts the API in a child process; resolves to its API URL and a stop function. */
export async function childServer(): Promise<{ apiUrl: string; stop(): Promise<void> }> {
  // BENCH_SERVER_NODE_OPTIONS: extra node flags for the server child, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = (process.env.BENCH_SERVER_NODE_OPTIONS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...extra, "--import", "tsx", join(here, "api-server.child.ts")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once("line", (l) => {
      rl.close();
      resolve(l);
    });
    child.once("exit", (code) => reject(new Error(`bench server exited with code ${code}`)));
  });
  const { apiUrl } = JSON.parse(line) as { apiUrl: string };
  if (!apiUrl.startsWith("http://127.0.0.1:")) throw new Error(`bench server is not on loopback: ${apiUrl}`);
  return {
    apiUrl,
    stop: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
