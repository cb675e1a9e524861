// API request cost: in-process per-request time of the hot flow-run routes (app.fetch, no socket), and loopback
// HTTP load on `POST /api/flow_runs/` at concurrency 16 against a server in a child process (own event loop).
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createApp, openStore } from "../src/server/index.js";
import { childServer } from "./child-server.js";
import { figure, type Figure } from "./figure.js";

const BASE = "http://bench.local/api";
const CONCURRENCY = 16;
const LOAD_MAX_REQUESTS = 10_000;
const LOAD_MAX_MS = 5_000;

type Fetch = (request: Request) => Response | Promise<Response>;

async function call(
  fetch: Fetch,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const init: RequestInit =
    body === undefined
      ? { method }
      : { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  const res = await fetch(new Request(BASE + path, init));
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status}: ${text.slice(0, 200)}`);
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** Per-request times of `fn` after a warm-up. */
async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 200; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn(i);
    times.push(performance.now() - s);
  }
  return times;
}

async function inProcess(): Promise<Figure[]> {
  const home = await mkdtemp(join(tmpdir(), "prefect-ts-api-bench-"));
  const store = openStore(join(home, "prefect.db"));
  const fetch: Fetch = (r) => createdApp.fetch(r);
  const createdApp = createApp({ store });
  try {
    const flowId = ((await call(fetch, "POST", "/flows/", { name: "bench" })).json as { id: string }).id;
    const n = 2000;
    const plain = await timeEach(n, () => call(fetch, "POST", "/flow_runs/", { flow_id: flowId }));
    const ids: string[] = [];
    const withState = await timeEach(n, async () => {
      const run = (await call(fetch, "POST", "/flow_runs/", { flow_id: flowId, state: { type: "PENDING" } })).json as {
        id: string;
      };
      ids.push(run.id);
    });
    // Each run goes Pending -> Running -> Completed: two accepted transitions per run id.
    let k = 0;
    const setState = await timeEach(n, () => {
      const id = ids[Math.floor(k++ / 2)]!;
      return call(fetch, "POST", `/flow_runs/${id}/set_state`, {
        state: { type: k % 2 === 1 ? "RUNNING" : "COMPLETED" },
      });
    });
    const read = await timeEach(n, (i) => call(fetch, "GET", `/flow_runs/${ids[i % ids.length]}`));
    const note = "in-process app.fetch with a Request, response body read";
    return [
      figure("POST /api/flow_runs/ (in-process)", "ms", plain, undefined, note),
      figure("POST /api/flow_runs/ + state (in-process)", "ms", withState, undefined, note),
      figure("POST /api/flow_runs/{id}/set_state (in-process)", "ms", setState, undefined, note),
      figure("GET /api/flow_runs/{id} (in-process)", "ms", read, undefined, note),
    ];
  } finally {
    store.close();
    await rm(home, { recursive: true, force: true });
  }
}

function post(agent: Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.once("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.once("error", reject);
    req.end(body);
  });
}

async function loopback(): Promise<Figure[]> {
  const server = await childServer();
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const flowRes = await fetch(`${server.apiUrl}/flows/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "bench" }),
    });
    const flowId = ((await flowRes.json()) as { id: string }).id;
    const url = new URL(`${server.apiUrl}/flow_runs/`);
    const figures: Figure[] = [];
    for (const [label, payload] of [
      ["", { flow_id: flowId }],
      [" + state", { flow_id: flowId, state: { type: "PENDING" } }],
    ] as const) {
      const body = JSON.stringify(payload);
      for (let i = 0; i < 300; i++) await post(agent, url, body); // warm-up: JIT, connections
      const latencies: number[] = [];
      let sent = 0;
      let errors = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (sent < LOAD_MAX_REQUESTS && performance.now() - start < LOAD_MAX_MS) {
            sent++;
            const s = performance.now();
            const status = await post(agent, url, body).catch(() => 0);
            latencies.push(performance.now() - s);
            if (status !== 201) errors++;
          }
        }),
      );
      const seconds = (performance.now() - start) / 1000;
      const rate = latencies.length / seconds;
      const note = `${latencies.length} requests in ${seconds.toFixed(1)} s, ${errors} errors, server in a child process`;
      figures.push({
        ...figure(`POST /api/flow_runs/${label} req/s (loopback, c=${CONCURRENCY})`, "req/s", [rate], ">= 1500", note),
      });
      figures.push(
        figure(
          `POST /api/flow_runs/${label} latency (loopback, c=${CONCURRENCY})`,
          "ms",
          latencies,
          undefined,
          `p99 target <= 25 ms; ${errors} errors`,
        ),
      );
    }
    return figures;
  } finally {
    agent.destroy();
    await server.stop();
  }
}

/** Runs the API benchmarks. */
export async function run(): Promise<Figure[]> {
  return [...(await inProcess()), ...(await loopback())];
}
