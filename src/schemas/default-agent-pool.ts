// The pool of Prefect 2's work queues, in a module of its own (no zod) so the SDK's light entry can name it.

/**
 * The pool of Prefect 2's work queues: the legacy `/work_queues` routes put a queue created without a pool there, and
 * agents poll it (Prefect's DEFAULT_AGENT_WORK_POOL_NAME).
 */
export const DEFAULT_AGENT_POOL_NAME = "default-agent-pool";
