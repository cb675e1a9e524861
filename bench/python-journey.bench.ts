// The Python seed-000 journey (Prefect's CLI, SDK and process worker: work-pool create, from_source().deploy(),
// worker start, deployment run --watch) timed on `prefect-ts server start` and on Prefect 3.8.3's own server.
// Needs the peer (PREFECT_PEER, PREFECT_PEER_API_URL, as `npm run test:prefect`); without it, skipped with the reason.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { PEER_API_URL, PEER_MISSING, PEER_PYTHON } from "../test/prefect/peer.js";
import { runPythonJourney, runStep, type JourneyResult } from "../test/prefect/python-journey.js";
import { childServer } from "./child-server.js";
import { figure, type Figure } from "./figure.js";

/** Journeys per server (each one a few tens of seconds: Python start-up dominates). */
const RUNS = Number(process.env.BENCH_JOURNEY_RUNS ?? 2);

async function journeys(apiUrl: string, label: string): Promise<JourneyResult[]> {
  const results: JourneyResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(tmpdir(), `prefect-ts-journey-bench-${label}-`));
    try {
      // Unique names: Prefect's server keeps every earlier run's pool and deployment.
      const result = await runPythonJourney({ apiUrl, python: PEER_PYTHON, dir, suffix: `-${label}-${Date.now()}` });
      const failed = result.steps.find((s) => s.result.code !== 0);
      if (failed)
        throw new Error(`journey on ${label}: ${failed.name} exited ${failed.result.code}:\n${failed.result.out}`);
      results.push(result);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

function figures(label: string, results: JourneyResult[]): Figure[] {
  const names = results[0]?.steps.map((s) => s.name) ?? [];
  return [
    figure(
      `Python journey on ${label}: total`,
      "s",
      results.map((r) => r.totalMs / 1000),
    ),
    ...names.map((name) =>
      figure(
        `  ${name}`,
        "s",
        results.map((r) => (r.steps.find((s) => s.name === name)?.ms ?? Number.NaN) / 1000),
      ),
    ),
  ];
}

/** Runs the journey on both servers; no figures (and the reason printed) without the peer. */
export async function run(): Promise<Figure[]> {
  if (PEER_MISSING !== undefined) {
    console.log(`skipped: ${PEER_MISSING}`);
    return [];
  }
  const ours = await childServer();
  let onOurs: JourneyResult[];
  try {
    onOurs = await journeys(ours.apiUrl, "prefect-ts");
  } finally {
    await ours.stop();
  }
  const onPrefect = await journeys(PEER_API_URL, "prefect");
  // For scale: every step starts a Python process that imports Prefect.
  const startUps: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await runStep(PEER_PYTHON, ["-c", "import prefect.cli"], { PATH: process.env.PATH, DO_NOT_TRACK: "1" }, tmpdir());
    startUps.push((performance.now() - s) / 1000);
  }
  return [
    ...figures("prefect-ts", onOurs),
    ...figures("Prefect 3.8.3", onPrefect),
    figure(
      "Python `import prefect.cli` (each step pays it)",
      "s",
      startUps,
      undefined,
      `Prefect's server at ${PEER_API_URL}`,
    ),
  ];
}
