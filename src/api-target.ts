// What both getClient()s share (the root's lazy one in lazy-client.ts and the real one in connect.ts):
// the URL an embedded client reports and the options they take.
import type { Settings } from "./settings/index.js";

/** The API URL an embedded client reports; requests to it never leave the process. */
export const EMBEDDED_API_URL = "http://embedded.prefect-ts/api";

/** Options of `getClient()`. */
export interface GetClientOptions {
  /** Resolved settings. @default resolveSettings() (environment, then active profile, then defaults) */
  settings?: Settings;
}
