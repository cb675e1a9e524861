#!/usr/bin/env node
// The `prefect-ts` command tree: names, arguments and options only. Each action lazy-imports its noun's module
// (config.ts, profile.ts, server.ts, flow.ts, flow-run.ts, deployment.ts, ...) so `--help` loads nothing heavy.
// runCli() runs one invocation on given streams and environment, so tests drive the CLI in-process.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, type CommanderError, Option } from "commander";
import {
  collect,
  nonNegativeInteger,
  nonNegativeNumber,
  outputOption,
  positiveNumber,
  uuid,
  type Act,
} from "./command-kit.js";
import { createCliContext, type CliContext, type CliIo, type GlobalOptions } from "./context.js";
import type { DeploymentLsFlags, DeploymentRunFlags } from "./deployment.js";
import type { ScheduleCreateFlags } from "./deployment-schedule.js";
import type { DeploymentBuildFlags } from "./deployment-build.js";
import { registerWorkPoolCommands, registerWorkQueueCommands } from "./pool-commands.js";
import { registerVariableCommands } from "./variable-commands.js";
import { registerBlockCommands } from "./block-commands.js";
import { registerArtifactCommands } from "./artifact-commands.js";
import { registerDeployCommand, registerInitCommands, registerWorkerCommands } from "./worker-deploy-commands.js";
import { registerAgentCommands } from "./agent.js";
import { colorPreference, deprecatedSettingNotices, packageVersion } from "../settings/index.js";

/** Exit code of usage errors (unknown option, missing argument), as Prefect's CLI uses. */
const USAGE_EXIT_CODE = 2;

/** Where one invocation reads and writes. */
export interface CliRunOptions {
  /** The output streams. @default process.stdout and process.stderr, colour as the environment says */
  io?: CliIo;
  /** The environment settings are resolved from. @default process.env */
  env?: Record<string, string | undefined>;
}

/** Runs one action: prints PrefectError messages (stack only with --debug) and exits 1 on failure. */
async function run(
  program: Command,
  runOptions: CliRunOptions,
  action: (context: CliContext) => Promise<void>,
): Promise<void> {
  const options = program.opts<GlobalOptions>();
  const context = createCliContext(options, runOptions.io, runOptions.env);
  for (const notice of deprecatedSettingNotices(runOptions.env)) context.err(`Note: ${notice}`);
  try {
    await action(context);
  } catch (error) {
    (await import("./error-report.js")).reportError(context, error);
    process.exitCode = 1;
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** A usage error, or --help / --version, ends the invocation with this code. */
class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/** Builds the command tree, writing to `runOptions.io` (commander's help and usage errors too). */
function buildProgram(runOptions: CliRunOptions): Command {
  const program = new Command("prefect-ts");
  const { stdout, stderr } = runOptions.io ?? process;
  program.configureOutput({ writeOut: (text) => stdout.write(text), writeErr: (text) => stderr.write(text) });
  program
    .description("Prefect-style workflow orchestration for TypeScript.")
    .version(packageVersion(), "-v, --version", "print the version")
    .option("-p, --profile <name>", "use this profile for this command instead of the active one")
    .option("--debug", "print stack traces of errors")
    .option("--prompt", "ask for what is missing, even without a terminal (the deploy wizard, init's fields)")
    .option(
      "--no-prompt",
      "never ask: a missing answer is an error naming the flag that gives it (PREFECT_CLI_PROMPT=false)",
    )
    // Global options go before the command, as in Prefect, so `deployment run -p k=v` means --param there.
    .enablePositionalOptions()
    .showHelpAfterError("(add --help for usage)")
    .exitOverride((error: CommanderError) => {
      const ok =
        ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code) && error.exitCode === 0;
      throw new CliExit(ok ? 0 : USAGE_EXIT_CODE);
    });
  const act =
    (fn: (context: CliContext, ...args: never[]) => Promise<void>) =>
    async (...args: unknown[]): Promise<void> =>
      run(program, runOptions, (context) => fn(context, ...(args.slice(0, -1) as never[])));

  const config = program.command("config").description("view and change settings of the active profile");
  config
    .command("set")
    .description("set settings in the active profile: config set KEY=VALUE ...")
    .argument("<settings...>", "KEY=VALUE pairs")
    .action(act(async (c, pairs: string[]) => (await import("./config.js")).configSet(c, pairs)));
  config
    .command("unset")
    .description("remove settings from the active profile")
    .argument("<keys...>", "setting names")
    .option("-y, --yes", "do not ask for confirmation")
    .action(
      act(async (c, keys: string[], o: { yes?: boolean }) => (await import("./config.js")).configUnset(c, keys, o)),
    );
  config
    .command("view")
    .description("show the settings in effect (non-default ones unless --show-defaults)")
    .option("--show-defaults", "include settings left at their default")
    .option("--show-sources", "say where each value comes from (default)", true)
    .option("--hide-sources", "do not say where each value comes from")
    .option("--show-secrets", "print secret values unmasked")
    .action(act(async (c, o: ConfigViewFlags) => (await import("./config.js")).configView(c, o)));
  config
    .command("validate")
    .description("check every profile's values against the settings table")
    .action(act(async (c) => (await import("./config.js")).configValidate(c)));

  const profile = program.command("profile").description("manage profiles (named sets of settings)");
  profile
    .command("ls")
    .description("list profiles")
    .action(act(async (c) => (await import("./profile.js")).profileLs(c)));
  profile
    .command("create")
    .description("create a profile")
    .argument("<name>")
    .option("--from <name>", "copy the settings of this profile")
    .action(
      act(async (c, name: string, o: { from?: string }) => (await import("./profile.js")).profileCreate(c, name, o)),
    );
  profile
    .command("use")
    .description("make a profile the active one")
    .argument("<name>")
    .action(act(async (c, name: string) => (await import("./profile.js")).profileUse(c, name)));
  profile
    .command("delete")
    .description("delete a profile (not the active one)")
    .argument("<name>")
    .action(act(async (c, name: string) => (await import("./profile.js")).profileDelete(c, name)));
  profile
    .command("inspect")
    .description("show a profile's settings (the active one by default)")
    .argument("[name]")
    .addOption(outputOption())
    .option("--show-secrets", "print secret values unmasked")
    .action(
      act(async (c, name: string | undefined, o: { output?: "json"; showSecrets?: boolean }) =>
        (await import("./profile.js")).profileInspect(c, name, o),
      ),
    );

  // `server start`, and Prefect 2's `orion start` (its users still type it): one command, a note for the old name.
  const defineStart = (parent: Command, note?: string): Command =>
    parent
      .command("start")
      .description(note ? "the same as `server start`" : "start the API server (Prefect's REST API over SQLite)")
      .option("--host <host>", "host to bind (default PREFECT_SERVER_API_HOST, 127.0.0.1)")
      .option(
        "--port <port>",
        "port to bind, 0 for a free one (default PREFECT_SERVER_API_PORT, 4200)",
        nonNegativeInteger,
      )
      .action(
        act(async (c, o: { host?: string; port?: number }) => {
          if (note) c.err(note);
          await (await import("./server.js")).serverStart(c, o);
        }),
      );
  defineStart(program.command("server").description("run the prefect-ts API server"));
  defineStart(
    program.command("orion").description("Prefect 2's name of `server` (Orion is the old name of Prefect's server)"),
    "Note: Orion is Prefect 2's name of the server; `prefect-ts orion start` runs `prefect-ts server start`.",
  );

  const flow = program.command("flow").description("inspect flows");
  flow
    .command("ls")
    .description("list flows, newest first")
    .option("--limit <n>", "how many", nonNegativeInteger, 15)
    .addOption(outputOption())
    .action(act(async (c, o: { limit: number; output?: "json" }) => (await import("./flow.js")).flowLs(c, o)));

  const flowRun = program.command("flow-run").description("inspect and delete flow runs");
  flowRun
    .command("ls")
    .description("list flow runs, latest expected start first")
    .option("--flow-name <name>", "only runs of this flow (repeatable)", collect)
    .option("--limit <n>", "how many", nonNegativeInteger, 15)
    .option("--state <name>", "only runs in this state name, e.g. Completed, Late (repeatable)", collect)
    .option("--state-type <type>", "only runs of this state type, e.g. FAILED (repeatable)", collect)
    .addOption(outputOption())
    .action(act(async (c, o: FlowRunLsFlags) => (await import("./flow-run.js")).flowRunLs(c, o)));
  flowRun
    .command("inspect")
    .description("show a flow run")
    .argument("<id>", "flow run id", uuid)
    .addOption(outputOption())
    .action(
      act(async (c, id: string, o: { output?: "json" }) => (await import("./flow-run.js")).flowRunInspect(c, id, o)),
    );
  flowRun
    .command("logs")
    .description("print a flow run's logs")
    .argument("<id>", "flow run id", uuid)
    .helpOption("--help", "display help for command")
    .option("-h, --head", "print the first logs only (20 unless --num-logs)")
    .option("-n, --num-logs <n>", "how many logs to print with --head or --tail", nonNegativeInteger)
    .option("-r, --reverse", "newest first")
    .option("-t, --tail", "print the last logs only (20 unless --num-logs)")
    .action(act(async (c, id: string, o: FlowRunLogsFlags) => (await import("./flow-run.js")).flowRunLogs(c, id, o)));
  flowRun
    .command("delete")
    .description("delete a flow run")
    .argument("<id>", "flow run id", uuid)
    .action(act(async (c, id: string) => (await import("./flow-run.js")).flowRunDelete(c, id)));
  flowRun
    .command("cancel")
    .description("cancel a flow run (a run nothing executes yet ends Cancelled at once)")
    .argument("<id>", "flow run id", uuid)
    .action(act(async (c, id: string) => (await import("./flow-run.js")).flowRunCancel(c, id)));
  flowRun
    .command("execute")
    .description("execute a flow run by id in this process (what runners and workers start)")
    .argument("[id]", "flow run id", uuid)
    // A runner's pre-started child: loads everything, then reads the run's id from stdin (dispatch without start-up).
    .addOption(new Option("--id-from-stdin", "wait, warmed up, for the flow run id on stdin").hideHelp())
    .action(
      act(async (c, id: string | undefined, options: { idFromStdin?: boolean }) =>
        (await import("./flow-run-execute.js")).flowRunExecute(c, id, options),
      ),
    );

  registerDeploymentCommands(program, act);
  registerWorkPoolCommands(program, act);
  registerWorkQueueCommands(program, act);
  registerWorkerCommands(program, act);
  registerAgentCommands(program, act);
  registerDeployCommand(program, act);
  registerInitCommands(program, act);
  registerVariableCommands(program, act);
  registerBlockCommands(program, act);
  registerArtifactCommands(program, act);

  program
    .command("version")
    .description("print versions, the API in use and the database")
    .action(act(async (c) => (await import("./version.js")).versionCommand(c, packageVersion())));

  return program;
}

/** `deployment ls|inspect|run|pause|resume|delete` and `deployment schedule ...`. */
function registerDeploymentCommands(program: Command, act: Act): void {
  const deployment = program.command("deployment").description("inspect, run and manage deployments");
  const name = "'flow-name/deployment-name' or the deployment's id";
  deployment
    .command("ls")
    .description("list deployments")
    .argument("[flow-names...]", "only deployments of these flows")
    .option("--flow-name <name>", "only deployments of this flow (repeatable)", collect)
    .option("--by-created", "newest first instead of by name")
    .addOption(outputOption())
    .action(
      act(async (c, flows: string[], o: DeploymentLsFlags) =>
        (await import("./deployment.js")).deploymentLs(c, flows, o),
      ),
    );
  deployment
    .command("inspect")
    .description("show a deployment as JSON")
    .argument("<name>", name)
    .addOption(outputOption())
    .action(act(async (c, n: string) => (await import("./deployment.js")).deploymentInspect(c, n)));
  deployment
    .command("run")
    .description("create a flow run of a deployment")
    .argument("<name>", name)
    .option(
      "-p, --param <key=value>",
      "a parameter; the value is parsed as JSON when it parses, else a string (repeatable)",
      collect,
    )
    .option("--params <json>", "parameters as a JSON object (--param wins over it)")
    .option(
      "--jv, --job-variable <key=value>",
      "a job variable, value parsed as JSON when it parses (repeatable)",
      collect,
    )
    .option("--start-in <duration>", "start after this long, e.g. '10 minutes', '1 hour', '30s', '2 days'")
    .option("--start-at <datetime>", "start at this ISO 8601 date-time, e.g. 2026-05-01T09:30:00Z")
    .option("-t, --tag <tag>", "a tag of the run (repeatable)", collect)
    .option("--flow-run-name <name>", "the run's name")
    .option("--watch", "print state changes and logs until the run ends; exit 1 unless it ends Completed")
    .option("--watch-interval <seconds>", "longest pause between polls with --watch (default 5)", positiveNumber)
    .option("--watch-timeout <seconds>", "stop watching after this long", nonNegativeNumber)
    .addOption(outputOption())
    .action(
      act(async (c, n: string, o: DeploymentRunFlags) => (await import("./deployment.js")).deploymentRun(c, n, o)),
    );
  deployment
    .command("create")
    .description("register the DeploymentSpecs a .ts/.js file declares (Prefect 2.0); again updates them in place")
    .argument("<file>", "the file that declares the specs, e.g. ./my_flow_deployment.ts")
    .action(act(async (c, f: string) => (await import("./deployment-create.js")).deploymentCreate(c, f)));
  deployment
    .command("build")
    .description("write a deployment YAML for a flow (Prefect 2's build; then edit it and `deployment apply` it)")
    .argument("<entrypoint>", "the flow: path/to/file.ts:exportName")
    .requiredOption("-n, --name <name>", "the deployment's name")
    .option("-q, --work-queue <name>", "the work queue its runs go to (default: default)")
    .option("-p, --pool <name>", "the work pool (default: default-agent-pool, polled by `agent start`)")
    .option("-t, --tag <tag>", "a tag (repeatable)", collect)
    .option("--cron <expression>", "a cron schedule")
    .option("--interval <seconds>", "an interval schedule in seconds", positiveNumber)
    .option("--rrule <rule>", "an RFC 5545 recurrence rule")
    .option("--timezone <zone>", "the schedule's IANA time zone")
    .option("--param <key=value>", "a default parameter; JSON when it parses (repeatable)", collect)
    .option("--params <json>", "default parameters as a JSON object")
    .option("-o, --output <file>", "the YAML to write (default: <flow file>-deployment.yaml)")
    .option("-a, --apply", "apply the YAML right away")
    .option("--skip-upload", "do not upload the project to the storage block (it is there already)")
    .option(
      "--storage-block <block>",
      "upload the project to this storage block, TYPE/NAME[/PATH] (-sb), e.g. local-file-system/dev",
    )
    .option(
      "--path <dir>",
      "with -sb, the path inside the block; else the directory the entrypoint is relative to (default: the current one)",
    )
    .option("-v, --version <version>", "the deployment's version")
    .option("-d, --description <text>", "the deployment's description (default: the flow's)")
    .action(
      act(async (c, e: string, o: DeploymentBuildFlags) =>
        (await import("./deployment-build.js")).deploymentBuild(c, e, o),
      ),
    );
  deployment
    .command("apply")
    .description("register the deployment a deployment YAML describes (again: updates it)")
    .argument("<file>", "the YAML `deployment build` wrote, e.g. log_flow-deployment.yaml")
    .action(act(async (c, f: string) => (await import("./deployment-build.js")).deploymentApply(c, f)));
  deployment
    .command("execute")
    .description("run a deployment's flow in this process with its parameters (for debugging)")
    .argument("<name>", name)
    .action(act(async (c, n: string) => (await import("./deployment-create.js")).deploymentExecute(c, n)));
  for (const [verb, text] of [
    ["pause", "pause a deployment's schedules"],
    ["resume", "resume a deployment's schedules"],
    ["delete", "delete a deployment and its scheduled runs"],
  ] as const) {
    deployment
      .command(verb)
      .description(text)
      .argument("<name>", name)
      .action(
        act(async (c, n: string) => {
          const m = await import("./deployment.js");
          await { pause: m.deploymentPause, resume: m.deploymentResume, delete: m.deploymentDelete }[verb](c, n);
        }),
      );
  }

  const schedule = deployment.command("schedule").description("manage a deployment's schedules");
  schedule
    .command("ls")
    .description("list a deployment's schedules")
    .argument("<name>", name)
    .addOption(outputOption())
    .action(
      act(async (c, n: string, o: { output?: "json" }) =>
        (await import("./deployment-schedule.js")).scheduleLs(c, n, o),
      ),
    );
  schedule
    .command("create")
    .description("add a schedule to a deployment: one of --cron, --interval, --rrule")
    .argument("<name>", name)
    .option("--cron <expression>", "a cron string, e.g. '0 2 * * *' or '@daily'")
    .option("--day-or", "cron: run when day-of-month OR day-of-week matches (default)")
    .option("--no-day-or", "cron: run only when day-of-month AND day-of-week match")
    .option("--interval <seconds>", "seconds between runs", positiveNumber)
    .option("--anchor-date <datetime>", "interval: the date-time the intervals count from")
    .option("--rrule <rule>", "an RFC 5545 recurrence rule, e.g. 'FREQ=WEEKLY;BYDAY=MO'")
    .option("--timezone <zone>", "IANA time zone, e.g. America/New_York (default UTC)")
    .option("--no-active", "create the schedule paused")
    .option("--replace", "delete the deployment's other schedules first")
    .action(
      act(async (c, n: string, o: ScheduleCreateFlags) =>
        (await import("./deployment-schedule.js")).scheduleCreate(c, n, o),
      ),
    );
  for (const [verb, text] of [
    ["pause", "pause one schedule"],
    ["resume", "resume one schedule"],
    ["delete", "delete one schedule"],
  ] as const) {
    schedule
      .command(verb)
      .description(text)
      .argument("<name>", name)
      .argument("<schedule-id>", "the schedule's id (see `deployment schedule ls`)", uuid)
      .action(
        act(async (c, n: string, id: string) => {
          const m = await import("./deployment-schedule.js");
          await { pause: m.schedulePause, resume: m.scheduleResume, delete: m.scheduleDelete }[verb](c, n, id);
        }),
      );
  }
  schedule
    .command("clear")
    .description("delete every schedule of a deployment")
    .argument("<name>", name)
    .action(act(async (c, n: string) => (await import("./deployment-schedule.js")).scheduleClear(c, n)));
}

/** Flags of `config view`. */
export interface ConfigViewFlags {
  showDefaults?: boolean;
  showSources?: boolean;
  hideSources?: boolean;
  showSecrets?: boolean;
}

/** Flags of `flow-run ls`. */
export interface FlowRunLsFlags {
  flowName?: string[];
  limit: number;
  state?: string[];
  stateType?: string[];
  output?: "json";
}

/** Flags of `flow-run logs`. */
export interface FlowRunLogsFlags {
  head?: boolean;
  numLogs?: number;
  reverse?: boolean;
  tail?: boolean;
}

/**
 * A reader that stops early (`prefect-ts flow-run ls | head -3`) closes the pipe: stop quietly, as a Unix tool does,
 * instead of crashing on EPIPE.
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}

/**
 * Runs `prefect-ts ...argv` (the arguments after the command name) and returns its exit code: 2 for usage errors,
 * 1 for a failed command, or what the command set in `process.exitCode` (restored afterwards).
 * @example
 * const code = await runCli(["flow", "ls"], { io: { stdout, stderr }, env: { PREFECT_HOME: home } });
 */
export async function runCli(argv: readonly string[], options: CliRunOptions = {}): Promise<number> {
  const io: CliIo = options.io ?? { stdout: process.stdout, stderr: process.stderr };
  const runOptions: CliRunOptions = {
    io: { ...io, colorPreference: io.colorPreference ?? colorPreference(options.env) },
    env: options.env,
  };
  const outer = process.exitCode;
  process.exitCode = undefined;
  try {
    // Prefect 2's `deployment build -sb BLOCK` spells a long option with one dash, which commander cannot declare.
    await buildProgram(runOptions).parseAsync(
      argv.map((arg) => (arg === "-sb" ? "--storage-block" : arg)),
      { from: "user" },
    );
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CliExit) return error.exitCode;
    throw error;
  } finally {
    process.exitCode = outer;
  }
}

/** True when this module is the process's entry (the bin, or `node src/cli/main.ts`), not imported by a test. */
function isEntry(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntry()) {
  exitQuietlyOnClosedPipe(process.stdout);
  exitQuietlyOnClosedPipe(process.stderr);
  process.exitCode = await runCli(process.argv.slice(2));
}
