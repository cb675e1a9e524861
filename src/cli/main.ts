#!/usr/bin/env node
// The `prefect-ts` command tree: names, arguments and options only. Each action lazy-imports its noun's module
// (config.ts, profile.ts, server.ts, flow.ts, flow-run.ts, version.ts) so `--help` loads nothing heavy.
import { readFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { createCliContext, type CliContext, type GlobalOptions } from "./context.js";

/** Exit code of usage errors (unknown option, missing argument), as Prefect's CLI uses. */
const USAGE_EXIT_CODE = 2;

function packageVersion(): string {
  // src/cli/main.ts and dist/cli/main.js both sit two levels below package.json.
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("Expected a non-negative integer.");
  return Number(value);
}

function uuid(value: string): string {
  if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value)) {
    throw new InvalidArgumentError(`${JSON.stringify(value)} is not a valid UUID.`);
  }
  return value;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const outputOption = (): Option => new Option("-o, --output <format>", "output format").choices(["json"]);

/** Runs one action: prints PrefectError messages (stack only with --debug) and exits 1 on failure. */
async function run(program: Command, action: (context: CliContext) => Promise<void>): Promise<void> {
  const options = program.opts<GlobalOptions>();
  const context = createCliContext(options);
  try {
    await action(context);
  } catch (error) {
    const { PrefectError } = await import("../errors.js");
    if (error instanceof PrefectError && options.debug !== true) {
      context.err(error.message);
    } else if (error instanceof Error) {
      context.err(options.debug === true ? (error.stack ?? error.message) : `${error.name}: ${error.message} (run with --debug for the stack)`);
    } else {
      context.err(String(error));
    }
    process.exitCode = 1;
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** Builds the command tree. */
function buildProgram(): Command {
  const program = new Command("prefect-ts");
  program
    .description("Prefect-style workflow orchestration for TypeScript.")
    .version(packageVersion(), "-v, --version", "print the version")
    .option("-p, --profile <name>", "use this profile for this command instead of the active one")
    .option("--debug", "print stack traces of errors")
    .showHelpAfterError("(add --help for usage)")
    .exitOverride((error: CommanderError) => {
      const ok = ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code) && error.exitCode === 0;
      process.exit(ok ? 0 : USAGE_EXIT_CODE);
    });
  const act = (fn: (context: CliContext, ...args: never[]) => Promise<void>) =>
    async (...args: unknown[]): Promise<void> => run(program, (context) => fn(context, ...(args.slice(0, -1) as never[])));

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
    .action(act(async (c, keys: string[], o: { yes?: boolean }) => (await import("./config.js")).configUnset(c, keys, o)));
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
  profile.command("ls").description("list profiles").action(act(async (c) => (await import("./profile.js")).profileLs(c)));
  profile
    .command("create")
    .description("create a profile")
    .argument("<name>")
    .option("--from <name>", "copy the settings of this profile")
    .action(act(async (c, name: string, o: { from?: string }) => (await import("./profile.js")).profileCreate(c, name, o)));
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

  const server = program.command("server").description("run the prefect-ts API server");
  server
    .command("start")
    .description("start the API server (Prefect's REST API over SQLite)")
    .option("--host <host>", "host to bind (default PREFECT_SERVER_API_HOST, 127.0.0.1)")
    .option("--port <port>", "port to bind, 0 for a free one (default PREFECT_SERVER_API_PORT, 4200)", positiveInteger)
    .action(act(async (c, o: { host?: string; port?: number }) => (await import("./server.js")).serverStart(c, o)));

  const flow = program.command("flow").description("inspect flows");
  flow
    .command("ls")
    .description("list flows, newest first")
    .option("--limit <n>", "how many", positiveInteger, 15)
    .addOption(outputOption())
    .action(act(async (c, o: { limit: number; output?: "json" }) => (await import("./flow.js")).flowLs(c, o)));

  const flowRun = program.command("flow-run").description("inspect and delete flow runs");
  flowRun
    .command("ls")
    .description("list flow runs, latest expected start first")
    .option("--flow-name <name>", "only runs of this flow (repeatable)", collect)
    .option("--limit <n>", "how many", positiveInteger, 15)
    .option("--state <name>", "only runs in this state name, e.g. Completed, Late (repeatable)", collect)
    .option("--state-type <type>", "only runs of this state type, e.g. FAILED (repeatable)", collect)
    .addOption(outputOption())
    .action(act(async (c, o: FlowRunLsFlags) => (await import("./flow-run.js")).flowRunLs(c, o)));
  flowRun
    .command("inspect")
    .description("show a flow run")
    .argument("<id>", "flow run id", uuid)
    .addOption(outputOption())
    .action(act(async (c, id: string, o: { output?: "json" }) => (await import("./flow-run.js")).flowRunInspect(c, id, o)));
  flowRun
    .command("logs")
    .description("print a flow run's logs")
    .argument("<id>", "flow run id", uuid)
    .helpOption("--help", "display help for command")
    .option("-h, --head", "print the first logs only (20 unless --num-logs)")
    .option("-n, --num-logs <n>", "how many logs to print with --head or --tail", positiveInteger)
    .option("-r, --reverse", "newest first")
    .option("-t, --tail", "print the last logs only (20 unless --num-logs)")
    .action(act(async (c, id: string, o: FlowRunLogsFlags) => (await import("./flow-run.js")).flowRunLogs(c, id, o)));
  flowRun
    .command("delete")
    .description("delete a flow run")
    .argument("<id>", "flow run id", uuid)
    .action(act(async (c, id: string) => (await import("./flow-run.js")).flowRunDelete(c, id)));

  program
    .command("version")
    .description("print versions, the API in use and the database")
    .action(act(async (c) => (await import("./version.js")).versionCommand(c, packageVersion())));

  return program;
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

await buildProgram().parseAsync(process.argv);
