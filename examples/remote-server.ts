// A remote server: starts prefect-ts's server on a free port, points flows at it with withClient (the same as
// setting PREFECT_API_URL), runs a flow, and reads its runs back over HTTP.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flow, task, withClient } from "prefect-ts";
import { PrefectClient } from "prefect-ts/client";
import { startServer } from "prefect-ts/server";

const dir = await mkdtemp(join(tmpdir(), "prefect-ts-remote-"));
const server = await startServer({ host: "127.0.0.1", port: 0, dbPath: join(dir, "prefect.db") });
console.log(`server listening on ${server.apiUrl}`);

const add = task(function add(a: number, b: number) {
  return a + b;
});
const sumFlow = flow({ name: "remote-sum" }, async (values: number[]) => {
  let total = 0;
  for (const v of values) total = await add(total, v);
  return total;
});

try {
  const client = new PrefectClient({ apiUrl: server.apiUrl });
  const total = await withClient(client, () => sumFlow([1, 2, 3, 4]));
  console.log(`sum: ${total}`);
  const [run] = await client.readFlowRuns({ flowFilter: { name: { any_: ["remote-sum"] } } });
  const taskRuns = await client.readTaskRuns({ flowRunFilter: { id: { any_: [run!.id] } } });
  console.log(`flow run '${run!.name}' is ${run!.state?.type} with ${taskRuns.length} task runs`);
} finally {
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
