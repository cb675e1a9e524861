// Child process of bench/api.bench.ts: serves a fresh temp database on 127.0.0.1 (port 0), prints
// `{"apiUrl": ...}` on one stdout line, and exits (removing the database) when stdin closes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../src/server/index.js";

const home = mkdtempSync(join(tmpdir(), "prefect-ts-api-bench-"));
const server = await startServer({ host: "127.0.0.1", port: 0, dbPath: join(home, "prefect.db") });
process.stdout.write(JSON.stringify({ apiUrl: server.apiUrl }) + "\n");
process.stdin.resume();
process.stdin.on("end", () => {
  void server.close().then(() => {
    rmSync(home, { recursive: true, force: true });
    process.exit(0);
  });
});
