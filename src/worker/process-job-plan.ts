// How a `process` pool's run starts: its rendered job prepared for the run (env, command, working directory), as a
// child `flow-run execute` process, or handed to the pre-started executor when the job needs nothing it cannot adopt.
import { PrefectError } from "../errors.js";
import { executeCommand } from "./flow-run-process.js";
import { prepareProcessJob } from "./job-configuration.js";
import type { LaunchPlan } from "./runner.js";
import type { JobContext } from "./worker-type-definition.js";
import { existingDirectory } from "./existing-directory.js";

/** Variables a started Node process cannot take on: Node's own, and Prefect settings read at start-up. */
const START_UP_VARIABLE = /^(NODE_|PREFECT_(?!_FLOW_RUN_ID$))/;

/**
 * The launch plan of one run of a process pool, from its rendered job configuration.
 * @throws PrefectError when the job's working directory does not exist
 */
export async function processJobPlan(
  configuration: Readonly<Record<string, unknown>>,
  context: JobContext,
): Promise<LaunchPlan> {
  const { baseEnv, projectDir } = context;
  const defaults = executeCommand(context.run.id);
  const defaultCommand = [defaults.command, ...defaults.args];
  const job = prepareProcessJob(configuration, context.run, {
    defaultCommand,
    baseEnv: { ...baseEnv },
    ...(projectDir === undefined ? {} : { baseDir: projectDir }),
  });
  const cwd = job.cwd ?? projectDir;
  if (job.cwd !== undefined && existingDirectory(job.cwd) === undefined) {
    throw new PrefectError(`its working directory ${job.cwd} does not exist (job variable "working_dir")`);
  }
  const isDefault =
    job.command.length === defaultCommand.length && job.command.every((part, i) => part === defaultCommand[i]);
  const added = Object.fromEntries(Object.entries(job.env).filter(([key, value]) => baseEnv[key] !== value));
  // A started process cannot take on Node or Prefect settings, hide its output, or forget a variable the job unsets.
  const unset = Object.keys(baseEnv).some((key) => !(key in job.env));
  const warmable =
    isDefault && job.streamOutput && !unset && !Object.keys(added).some((key) => START_UP_VARIABLE.test(key));
  return {
    env: job.env,
    ...(cwd === undefined ? {} : { cwd }),
    ...(isDefault ? {} : { command: { command: job.command[0]!, args: job.command.slice(1) } }),
    ...(job.streamOutput ? {} : { quiet: true }),
    ...(warmable ? { warmEnv: added } : {}),
  };
}
