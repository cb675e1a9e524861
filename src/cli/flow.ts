// `prefect-ts flow ls`: the newest flows, as a table or JSON.
// Serving and deploying flows are separate commands owned by the deploy layer.
import type { CliContext } from "./context.js";
import { Flow } from "../schemas/index.js";
import { formatTime, printTable, printWireJson } from "./output.js";

/** `flow ls [--limit 15] [-o json]`: flows, newest first (Prefect sorts by CREATED_DESC). */
export async function flowLs(context: CliContext, options: { limit: number; output?: "json" }): Promise<void> {
  const client = await context.client();
  const flows = await client.readFlows({ limit: options.limit, sort: "CREATED_DESC" });
  if (options.output === "json") {
    printWireJson(context, Flow, flows);
    return;
  }
  printTable(context, {
    title: "Flows",
    head: ["ID", "Name", "Created"],
    rows: flows.map((f) => [f.id, f.name, formatTime(f.created)]),
    empty: "No flows found.",
  });
}
