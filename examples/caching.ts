// Caching: a task keyed by its inputs; the second call with the same input (and any later run, even in another
// process, until expiry) is "Cached" and the function is not called. Results are files under PREFECT_LOCAL_STORAGE_PATH.
import { CachePolicy, flow, task } from "prefect-ts";

let computed = 0;
const slowSquare = task(
  { cachePolicy: CachePolicy.INPUTS, cacheExpiration: 3600 },
  async function slowSquare(n: number) {
    computed++;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return n * n;
  },
);

export const cachingFlow = flow({ name: "caching-flow" }, async (n: number) => {
  const first = await slowSquare.callWithState(n);
  const second = await slowSquare.callWithState(n);
  return { first: first.name, second: second.name };
});

const n = Number(process.argv[2] ?? 12);
const states = await cachingFlow(n);
console.log(`first call:  ${states.first}`);
console.log(`second call: ${states.second}`);
console.log(`function ran ${computed} time(s) in this process`);
