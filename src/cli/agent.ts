// `prefect-ts agent start -q QUEUE [-q ...] | -m PREFIX [-p POOL]`: Prefect 2's agent, polling work queues (created
// when missing) until Ctrl-C/SIGTERM, or once with --run-once. The work itself is src/worker/agent.ts.
import type { Command } from "commander";
import { PrefectError } from "../errors.js";
import { collect, positiveInteger, positiveNumber, type Act } from "./command-kit.js";
import type { CliContext } from "./context.js";

/** Flags of `agent start`. */
export interface AgentStartFlags {
  workQueue?: string[];
  match?: string[];
  pool?: string;
  name?: string;
  limit?: number;
  prefetchSeconds?: number;
  runOnce?: boolean;
}

/** `agent start ...`: the command's names and options (main.ts registers it). */
export function registerAgentCommands(program: Command, act: Act): void {
  const agent = program.command("agent").description("start a Prefect 2 agent that runs the flow runs of work queues");
  agent
    .command("start")
    .description("poll work queues and run their flow runs as child processes (until Ctrl-C)")
    .option("-q, --work-queue <name>", "a work queue to poll, created when missing (repeatable)", collect)
    .option("-m, --match <prefix>", "also poll the queues whose names start with this (repeatable)", collect)
    .option("-p, --pool <name>", "the work pool of the queues (default default-agent-pool); alone: all its queues")
    .option("-n, --name <name>", "the agent's name (default 'agent <uuid>')")
    .option("-l, --limit <n>", "at most this many flow runs at once", positiveInteger)
    .option("--prefetch-seconds <seconds>", "claim runs this long before their time (default 15)", positiveNumber)
    .option("--run-once", "poll once, wait for the runs it started, then exit")
    .action(act(async (c, o: AgentStartFlags) => agentStart(c, o)));
}

/** Starts the agent; resolves when it has stopped (exit code 0 after a signal). */
export async function agentStart(context: CliContext, flags: AgentStartFlags): Promise<void> {
  const queues = flags.workQueue ?? [];
  const prefixes = flags.match ?? [];
  if (queues.length === 0 && prefixes.length === 0 && flags.pool === undefined) {
    throw new PrefectError(
      "No work queues provided! Give one with -q QUEUE (repeatable), a prefix with -m PREFIX, or a pool with -p POOL.",
    );
  }
  if (queues.length > 0 && prefixes.length > 0) {
    throw new PrefectError(
      "Only one of -q/--work-queue and -m/--match can be provided (as Prefect's agent): drop one of them.",
    );
  }
  const [client, settings, { Agent }, { openEmbeddedServer }, { readPoolOrExplain }] = await Promise.all([
    context.client(),
    context.settings(),
    import("../worker/index.js").then(({ importAgent }) => importAgent()),
    import("../connect.js"),
    import("./pool-lookup.js"),
  ]);
  // A named pool must exist (its queues are created in it); the default agent pool is made with its first queue.
  if (flags.pool !== undefined) await readPoolOrExplain(client, flags.pool);
  const embeddedServer = openEmbeddedServer({ settings });
  const agent = new Agent({
    client,
    ...(embeddedServer ? { embeddedServer } : {}),
    workQueueNames: queues,
    workQueuePrefixes: prefixes,
    ...(flags.pool === undefined ? {} : { workPoolName: flags.pool }),
    ...(flags.name === undefined ? {} : { name: flags.name }),
    ...(flags.limit === undefined ? {} : { limit: flags.limit }),
    querySeconds: settings.PREFECT_WORKER_QUERY_SECONDS,
    prefetchSeconds: flags.prefetchSeconds ?? 15,
    log: (message) => context.err(message),
    // Prefect 2's start-up line, word for word.
    onReady: () => {
      const what =
        flags.pool !== undefined
          ? `work pool '${flags.pool}'`
          : prefixes.length > 0
            ? `queue(s) that start with the prefix: ${prefixes.join(", ")}`
            : `queue(s): ${queues.join(", ")}`;
      context.out(`Agent started! Looking for work from ${what}...`);
    },
  });

  if (flags.runOnce) {
    const started = await agent.runOnce();
    context.out(`Agent '${agent.name}' ran ${started.length} flow run(s) and stopped.`);
    return;
  }

  const onSignal = (signal: NodeJS.Signals): void => {
    context.err(`Received ${signal}: agent '${agent.name}' stops claiming runs...`);
    void agent.stop();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    await agent.start();
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  context.out("Agent stopped!");
}
