// This process's environment as a whole, for code that hands it on rather than reading settings from it: a child
// process's environment (a flow run's, a managed pool's), `{{ $VAR }}` in prefect.yaml, DOCKER_CONFIG, the flow run
// id a worker leaves to `flow-run execute`. Setting keys are read through resolveSettings() (resolve.ts), not here.

/** An environment: variable name to value. */
export type Environment = Record<string, string | undefined>;

/** This process's environment (the live object): the default of every `env` option that passes it on whole. */
export function processEnvironment(): Environment {
  return process.env;
}

/**
 * Sets variables in this process's environment, so code loaded afterwards (a flow's module, the engine) reads them:
 * what a pre-started executor does with its job's `env` before it imports the flow.
 */
export function adoptEnvironment(variables: Readonly<Record<string, string>>): void {
  Object.assign(process.env, variables);
}

/**
 * The flow run a job's own command leaves to `PREFECT__FLOW_RUN_ID` (set by the worker that launched it), as
 * Prefect's engine reads it. Undefined when unset or empty.
 */
export function flowRunIdFromEnvironment(env: Environment = process.env): string | undefined {
  return env.PREFECT__FLOW_RUN_ID || undefined;
}
