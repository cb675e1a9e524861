// Warns once per process and API URL when a server runs an older Prefect than the one this client speaks,
// as Prefect's client does (prefect/_internal/version_checking.py); the request itself lives in admin.ts.
import { PREFECT_VERSION } from "../schemas/plain.js";
import { printableUrl } from "./errors.js";

/** What the check needs from a client. */
export interface VersionSource {
  readonly apiUrl: string;
  readServerVersion(): Promise<string>;
}

/** Options of {@link warnIfServerOlder}. */
export interface VersionCheckOptions {
  /** Where the warning goes. @default process.emitWarning with code `PREFECT_SERVER_VERSION` */
  warn?: (message: string) => void;
  /** The version this client speaks. @default PREFECT_VERSION */
  clientVersion?: string;
}

const checked = new Set<string>();

/** Prefect Cloud's API (Prefect's `PREFECT_CLOUD_API_URL` default): always compatible, never checked. */
const PREFECT_CLOUD_API_URL = "https://api.prefect.cloud/api";

/** `"3.8.3"`, `"3.9.0rc1"`, `"3.8.3.dev2"` -> `[3, 8, 3]`; undefined when it does not start with a number. */
function releaseOf(version: string): number[] | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

function compareReleases(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function defaultWarn(message: string): void {
  process.emitWarning(message, { code: "PREFECT_SERVER_VERSION" });
}

/**
 * Reads the server's Prefect version (`GET /admin/version`) once per process and API URL, and warns (never
 * throws) when it is older than this client's, or of another major version. Prefect Cloud is not checked. An unreachable server or an
 * unparseable version is not reported here: the next real request says what is wrong.
 * @returns the server's version, or undefined when it was checked before or could not be read
 */
export async function warnIfServerOlder(
  client: VersionSource,
  options: VersionCheckOptions = {},
): Promise<string | undefined> {
  const clientVersion = options.clientVersion ?? PREFECT_VERSION;
  const key = `${client.apiUrl} ${clientVersion}`;
  if (checked.has(key) || client.apiUrl.startsWith(PREFECT_CLOUD_API_URL)) return undefined;
  checked.add(key);
  let serverVersion: string;
  try {
    serverVersion = await client.readServerVersion();
  } catch {
    return undefined;
  }
  const server = releaseOf(serverVersion);
  const ours = releaseOf(clientVersion);
  if (server === undefined || ours === undefined) return serverVersion;
  const warn = options.warn ?? defaultWarn;
  const where = printableUrl(client.apiUrl);
  if (server[0] !== ours[0]) {
    warn(
      `The Prefect server at ${where} runs Prefect ${serverVersion}, another major version than this client's ` +
        `${clientVersion}: requests may fail. Use a Prefect ${ours[0]}.x server.`,
    );
  } else if (compareReleases(server, ours) < 0) {
    warn(
      `The Prefect server at ${where} runs Prefect ${serverVersion}, older than this client's ${clientVersion}, ` +
        `which may result in unexpected behavior. Upgrade the server to ${clientVersion} or later.`,
    );
  }
  return serverVersion;
}
