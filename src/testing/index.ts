// Public entry of `prefect-ts/testing`: a throw-away server with a client on it, both transports, waitFor, and a
// manual clock for the engine and the worker.
export { createTestServer, transports, IN_PROCESS_API_URL } from "./test-server.js";
export type { TestServer, TestServerOptions, Transport } from "./test-server.js";
export { waitFor } from "./wait-for.js";
export type { WaitForOptions } from "./wait-for.js";
export { ManualClock } from "./manual-clock.js";
export type { Clock } from "../engine/index.js";
