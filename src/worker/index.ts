// Executing as other layers see it: the embedded server's handle that long-lived hosts receive (connect.ts, which every
// CLI command loads, sets its lookup), and the parts started on demand, each loaded alone by an import function below
// (workers, agents, managed pools, the worker types, executing one flow run): they pull in the client's schemas (zod)
// and the Docker worker. serve() is the layer's other entry, serve.ts: it loads the Runner with the deploy and engine
// surfaces, which `import "prefect-ts"` needs and a CLI command does not.
export { setEmbeddedServerLookup } from "./embedded-server.js";
export type { EmbeddedServerHandle, LoopbackApi, RunningServices } from "./embedded-server.js";
export type { ServableDeployment, ServeOptions } from "./serve.js";

/** Loads `Worker`: `prefect-ts worker start`. */
export const importWorker = () => import("./worker.js");

/** Loads the worker's health check server: `worker start --with-healthcheck`. */
export const importHealthcheck = () => import("./healthcheck.js");

/** Loads `Agent`, Prefect 2's work-queue agent: `prefect-ts agent start`. */
export const importAgent = () => import("./agent.js");

/** Loads `executeFlowRun` and `warmUpExecution`: one flow run in this process (`prefect-ts flow-run execute`). */
export const importExecute = () => import("./execute.js");

/** Loads `startManagedPools`: the runs of `prefect:managed` pools, in whichever process hosts the server. */
export const importManagedPools = () => import("./managed-pools.js");

/** Loads `collectionViews`: the worker types' metadata the server answers under `/collections/views/`. */
export const importWorkerMetadata = () => import("./worker-metadata.js");

/** Loads the registry of worker types (process, docker, prefect:managed) and their base job templates. */
export const importWorkerTypes = () => import("./worker-types.js");
