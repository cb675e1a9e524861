// The `worker start` and `deploy` command trees: names, arguments and options only, as Prefect's CLI spells them.
// Each action lazy-imports worker.ts / deploy.ts so `--help` loads nothing heavy; main.ts registers both.
import type { Command } from "commander";
import { collect, collectNumbers, positiveInteger, positiveNumber, type Act } from "./command-kit.js";
import type { DeployFlags } from "./deploy.js";
import type { InitFlags } from "./init.js";
import type { WorkerStartFlags } from "./worker.js";

/** `worker start --pool NAME ...`. */
export function registerWorkerCommands(program: Command, act: Act): void {
  const worker = program.command("worker").description("start a worker that runs the flow runs of a work pool");
  worker
    .command("start")
    .description("poll a work pool and run its flow runs as child processes (until Ctrl-C)")
    .requiredOption("-p, --pool <name>", "the work pool to take runs from (created when missing)")
    .option("-q, --work-queue <name>", "only this queue of the pool (repeatable; default all)", collect)
    .option("-n, --name <name>", "the worker's name (default 'ProcessWorker <uuid>')")
    .option("-t, --type <type>", "the worker type (default: the pool's type, else process)")
    .option("-l, --limit <n>", "at most this many flow runs at once", positiveInteger)
    .option(
      "--prefetch-seconds <seconds>",
      "claim runs this long before their time (default PREFECT_WORKER_PREFETCH_SECONDS)",
      positiveNumber,
    )
    .option("--run-once", "poll once, wait for the runs it started, then exit")
    .option("--with-healthcheck", "serve GET /health on PREFECT_WORKER_WEBSERVER_HOST:PORT (default 0.0.0.0:8080)")
    .action(act(async (c, o: WorkerStartFlags) => (await import("./worker.js")).workerStart(c, o)));
}

/** `deploy [path/to/file.ts:exportName] -n NAME -p POOL ...` (a project file's deployments when there is one). */
export function registerDeployCommand(program: Command, act: Act): void {
  program
    .command("deploy")
    .description(
      "deploy flows to a work pool: prefect-ts deploy path/to/file.ts:exportName -n NAME -p POOL, or the deployments of prefect.yaml",
    )
    .argument("[entrypoint]", "the flow: path/to/file.ts:exportName, relative to the current directory")
    .option(
      "-n, --name <name>",
      "the deployment's name; with a prefect.yaml, which of its deployments (repeatable; 'flow/name' and globs such as 'etl/*')",
      collect,
    )
    .option("--all", "deploy every deployment of the project file")
    .option(
      "--prefect-file <path>",
      "the project file (default: prefect.yaml, else deployment.yaml, in this directory)",
    )
    .option("-p, --pool <name>", "the work pool whose workers run it")
    .option("-q, --work-queue <name>", "the pool's queue (default: its default queue)")
    .option("--cron <expression>", "a cron schedule, e.g. '0 2 * * *' (repeatable)", collect)
    .option("--interval <seconds>", "an interval schedule in seconds (repeatable)", collectNumbers(positiveNumber))
    .option("--rrule <rule>", "an RFC 5545 recurrence rule (repeatable)", collect)
    .option("--timezone <zone>", "IANA time zone of the schedules, e.g. America/New_York (default UTC)")
    .option(
      "--param <key=value>",
      "a default parameter; the value is parsed as JSON when it parses (repeatable)",
      collect,
    )
    .option("--params <json>", "default parameters as a JSON object (--param wins over it)")
    .option("-t, --tag <tag>", "a tag of the deployment (repeatable)", collect)
    .option("-d, --description <text>", "the deployment's description (default: the flow's JSDoc)")
    .option("-v, --version <version>", "the deployment's version")
    .option("--jv, --job-variable <key=value>", "a job variable for the pool's job template (repeatable)", collect)
    .option("--concurrency-limit <n>", "at most this many runs of the deployment at once", positiveInteger)
    .option("--no-enforce-parameter-schema", "accept runs whose parameters do not match the schema")
    .option("--paused", "create the deployment with its schedules paused")
    .option(
      "--image <name:tag>",
      "run from this image (docker and prefect:managed pools); built from --dockerfile first unless --no-build",
    )
    .option(
      "--dockerfile <path>",
      "the Dockerfile to build --image from, or 'auto' to generate one for the project (default auto)",
    )
    .option(
      "--dependencies <how>",
      "for a generated Dockerfile: 'install' (npm ci in the image) or 'copy' (the project's node_modules)",
    )
    .option("--build-arg <key=value>", "a build argument of the image (repeatable)", collect)
    .option("--no-build", "use --image as it is (built and pushed elsewhere)")
    .option("--no-push", "keep the built image in the local engine (no registry)")
    .option("--print-dockerfile", "print the generated Dockerfile before building it")
    .option("--no-prompt", "never ask (deploy is never interactive; accepted for Prefect's scripts)")
    .action(
      act(async (c, entrypoint: string | undefined, o: DeployFlags) =>
        (await import("./deploy.js")).deployCommand(c, entrypoint, o),
      ),
    );
}

/** `init [--recipe NAME] [--field k=v ...]`, and seed 000's `project init`, which does the same. */
export function registerInitCommands(program: Command, act: Act): void {
  const define = (command: Command): Command =>
    command
      .description(
        "write prefect.yaml for this project from a recipe (local, git, docker, docker-git), and .prefectignore",
      )
      .option("-r, --recipe <name>", "local (default), git, docker or docker-git; asked on a terminal")
      .option(
        "-f, --field <name=value>",
        "a recipe field, e.g. --field image_name=my-flows (repeatable; asked on a terminal)",
        collect,
      )
      .option("--force", "replace an existing prefect.yaml")
      .action(act(async (c, o: InitFlags) => (await import("./init.js")).initCommand(c, o)));
  define(program.command("init"));
  define(program.command("project").description("project files (Prefect 2.10's name for init)").command("init"));
}
