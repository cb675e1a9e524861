// Subflows: a flow calling flows. Each child is its own flow run, linked to a task run in the parent run
// (Prefect's pattern), so the parent's run graph shows it.
import { flow, task } from "prefect-ts";

const extract = task(function extract(source: string) {
  return [`${source}:1`, `${source}:2`, `${source}:3`];
});

const load = task(function load(rows: string[]) {
  return rows.length;
});

export const extractFlow = flow({ name: "extract-flow" }, async (source: string) => extract(source));

export const loadFlow = flow({ name: "load-flow" }, async (rows: string[]) => load(rows));

export const etlFlow = flow({ name: "etl-flow" }, async (sources: string[]) => {
  let total = 0;
  for (const source of sources) {
    const rows = await extractFlow(source);
    total += await loadFlow(rows);
  }
  return total;
});

const total = await etlFlow(["users", "orders"]);
console.log(`loaded ${total} rows through ${2 * 2} subflow runs`);
