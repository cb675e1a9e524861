// Retries: a task that fails twice before succeeding (retried locally with per-retry delays), and a flow whose
// first attempt fails (the server puts it in AwaitingRetry and the engine runs it again).
import { exponentialBackoff, flow, task } from "prefect-ts";

let calls = 0;
const flakyFetch = task({ retries: 3, retryDelaySeconds: [0.1, 0.2, 0.4] }, async function flakyFetch(url: string) {
  calls++;
  if (calls < 3) throw new Error(`connection reset fetching ${url} (attempt ${calls})`);
  return `200 OK from ${url}`;
});

const backoffTask = task(
  { retries: 2, retryDelaySeconds: exponentialBackoff(0.05), retryJitterFactor: 0.5 },
  function steady() {
    return "ok";
  },
);

let flowAttempts = 0;
export const retryingFlow = flow({ name: "retrying-flow", retries: 1, retryDelaySeconds: 0 }, async () => {
  flowAttempts++;
  const response = await flakyFetch("https://example.com");
  await backoffTask();
  if (flowAttempts === 1) throw new Error("the first flow attempt fails on purpose");
  return response;
});

const response = await retryingFlow();
console.log(`task attempts: ${calls}`);
console.log(`flow attempts: ${flowAttempts}`);
console.log(`result: ${response}`);
