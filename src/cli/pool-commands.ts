// The `work-pool` and `work-queue` command trees: names, arguments and options only, as Prefect's CLI spells them.
// Each action lazy-imports work-pool.ts / work-queue.ts so `--help` loads nothing heavy; main.ts registers both trees.
import { InvalidArgumentError, Option, type Command } from "commander";
import { nonNegativeInteger, outputOption, positiveInteger, type Act } from "./command-kit.js";
import type { WorkPoolCreateFlags, WorkPoolUpdateFlags } from "./work-pool.js";
import type { WorkQueueCreateFlags, WorkQueueTargetFlags } from "./work-queue.js";

function hours(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError("Expected a positive number of hours.");
  return n;
}

const templateHelp = "path to a JSON file with the base job template ({job_configuration, variables})";

/** `work-pool create|ls|inspect|update|pause|resume|delete|set-concurrency-limit|clear-concurrency-limit|get-default-base-job-template|preview`. */
export function registerWorkPoolCommands(program: Command, act: Act): void {
  const pool = program
    .command("work-pool")
    .description("create and manage work pools (where workers get flow runs from)");
  const load = () => import("./work-pool.js");
  pool
    .command("create")
    .description("create a work pool (and its 'default' queue)")
    .argument("<name>", "the pool's name")
    .option("-t, --type <type>", "the worker type: process, docker or prefect:managed")
    .option("--base-job-template <file>", `${templateHelp}; default: the type's template`)
    .option("--paused", "create the pool paused")
    .option("--concurrency-limit <n>", "most runs of the pool at once", nonNegativeInteger)
    .option("--description <text>", "the pool's description")
    .option("--overwrite", "update the pool if it exists")
    .action(act(async (c, n: string, o: WorkPoolCreateFlags) => (await load()).workPoolCreate(c, n, o)));
  pool
    .command("ls")
    .description("list work pools")
    .addOption(outputOption())
    .action(act(async (c, o: { output?: "json" }) => (await load()).workPoolLs(c, o)));
  pool
    .command("inspect")
    .description("show a work pool, its queues, workers and base job template")
    .argument("<name>", "the pool's name")
    .addOption(outputOption())
    .action(act(async (c, n: string, o: { output?: "json" }) => (await load()).workPoolInspect(c, n, o)));
  pool
    .command("update")
    .description("change a work pool's base job template, concurrency limit or description")
    .argument("<name>", "the pool's name")
    .option("--base-job-template <file>", templateHelp)
    .option("--concurrency-limit <n>", "most runs of the pool at once", nonNegativeInteger)
    .option("--description <text>", "the pool's description")
    .action(act(async (c, n: string, o: WorkPoolUpdateFlags) => (await load()).workPoolUpdate(c, n, o)));
  for (const [verb, text] of [
    ["pause", "pause a work pool: workers get no runs from it"],
    ["resume", "resume a paused work pool"],
    ["delete", "delete a work pool with its queues"],
    ["clear-concurrency-limit", "remove a work pool's concurrency limit"],
  ] as const) {
    pool
      .command(verb)
      .description(text)
      .argument("<name>", "the pool's name")
      .action(
        act(async (c, n: string) => {
          const m = await load();
          const fns = {
            pause: m.workPoolPause,
            resume: m.workPoolResume,
            delete: m.workPoolDelete,
            "clear-concurrency-limit": m.workPoolClearConcurrencyLimit,
          };
          await fns[verb](c, n);
        }),
      );
  }
  pool
    .command("set-concurrency-limit")
    .description("set the most runs of a work pool at once")
    .argument("<name>", "the pool's name")
    .argument("<limit>", "the limit", nonNegativeInteger)
    .action(act(async (c, n: string, limit: number) => (await load()).workPoolSetConcurrencyLimit(c, n, limit)));
  pool
    .command("get-default-base-job-template")
    .description("print the default base job template of a worker type")
    .option("-t, --type <type>", "the worker type: process, docker or prefect:managed")
    .option("-f, --file <file>", "write it to this file instead")
    .action(act(async (c, o: { type?: string; file?: string }) => (await load()).workPoolDefaultTemplate(c, o)));
  pool
    .command("preview")
    .description("show the work pool's scheduled runs in the next hours")
    .argument("<name>", "the pool's name")
    .option("--hours <n>", "how many hours to look ahead (default 1)", hours)
    .action(act(async (c, n: string, o: { hours?: number }) => (await load()).workPoolPreview(c, n, o)));
}

/** `work-queue create|ls|inspect|pause|resume|set-concurrency-limit|clear-concurrency-limit|delete|preview`. */
export function registerWorkQueueCommands(program: Command, act: Act): void {
  const queue = program.command("work-queue").description("create and manage the work queues of work pools");
  const load = () => import("./work-queue.js");
  const poolOption = (): Option =>
    new Option("-p, --pool <pool>", "the queue's work pool (found by queue name when omitted)");
  queue
    .command("create")
    .description("create a work queue in a work pool (default: default-agent-pool, for agents)")
    .argument("<name>", "the queue's name")
    .addOption(new Option("-p, --pool <pool>", "the work pool to create it in (default default-agent-pool)"))
    .option("-l, --limit <n>", "most runs of the queue at once", nonNegativeInteger)
    .option("-q, --priority <n>", "1 runs first; default: after the pool's other queues", positiveInteger)
    .option("--description <text>", "the queue's description")
    .action(act(async (c, n: string, o: WorkQueueCreateFlags) => (await load()).workQueueCreate(c, n, o)));
  queue
    .command("ls")
    .description("list work queues")
    .addOption(new Option("-p, --pool <pool>", "only the queues of this work pool"))
    .addOption(outputOption())
    .action(act(async (c, o: WorkQueueTargetFlags) => (await load()).workQueueLs(c, o)));
  queue
    .command("inspect")
    .description("show a work queue")
    .argument("<queue>", "the queue's name or id")
    .addOption(poolOption())
    .addOption(outputOption())
    .action(act(async (c, n: string, o: WorkQueueTargetFlags) => (await load()).workQueueInspect(c, n, o)));
  for (const [verb, text] of [
    ["pause", "pause a work queue: workers get no runs from it"],
    ["resume", "resume a paused work queue"],
    ["delete", "delete a work queue (not a pool's default queue)"],
    ["clear-concurrency-limit", "remove a work queue's concurrency limit"],
  ] as const) {
    queue
      .command(verb)
      .description(text)
      .argument("<queue>", "the queue's name or id")
      .addOption(poolOption())
      .action(
        act(async (c, n: string, o: WorkQueueTargetFlags) => {
          const m = await load();
          const fns = {
            pause: m.workQueuePause,
            resume: m.workQueueResume,
            delete: m.workQueueDelete,
            "clear-concurrency-limit": m.workQueueClearConcurrencyLimit,
          };
          await fns[verb](c, n, o);
        }),
      );
  }
  queue
    .command("set-concurrency-limit")
    .description("set the most runs of a work queue at once")
    .argument("<queue>", "the queue's name or id")
    .argument("<limit>", "the limit", nonNegativeInteger)
    .addOption(poolOption())
    .action(
      act(async (c, n: string, limit: number, o: WorkQueueTargetFlags) =>
        (await load()).workQueueSetConcurrencyLimit(c, n, limit, o),
      ),
    );
  queue
    .command("preview")
    .description("show the work queue's scheduled runs in the next hours")
    .argument("<queue>", "the queue's name or id")
    .addOption(poolOption())
    .option("--hours <n>", "how many hours to look ahead (default 1)", hours)
    .action(
      act(async (c, n: string, o: WorkQueueTargetFlags & { hours?: number }) =>
        (await load()).workQueuePreview(c, n, o),
      ),
    );
}
