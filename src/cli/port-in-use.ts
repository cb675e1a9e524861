// `server start` on an occupied port: says which port, whether a Prefect API (ours or Prefect's) already answers
// there, and the way out (--port). The server itself lives in src/server; this only explains its EADDRINUSE.
import { PrefectError } from "../errors.js";

/** How long the probe of an occupied port waits for `GET /api/health`. */
const PROBE_TIMEOUT_MS = 2000;

/**
 * Whether a Prefect API (prefect-ts's or Prefect's: both answer `GET /api/health` with `true`) listens at this API
 * URL; false for any other program, or none.
 */
export async function prefectApiAnswers(apiUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${apiUrl}/health`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    if (!response.ok) return false;
    return (await response.text()).trim() === "true";
  } catch {
    return false;
  }
}

/** Whether `error` is the socket error of a port already in use. */
export function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "EADDRINUSE";
}

/** EADDRINUSE as one message: the port, whether a Prefect server already answers there, and --port. */
export async function portInUseError(host: string, port: number, cause: unknown): Promise<PrefectError> {
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  const apiUrl = `http://${urlHost}:${port}/api`;
  const another = `start this one on another port with --port ${port + 1} (or --port 0 for any free port)`;
  const message = (await prefectApiAnswers(apiUrl))
    ? `Port ${port} on ${host} is already in use: a prefect-ts or Prefect server already answers there (GET ${apiUrl}/health). ` +
      `Use it (prefect-ts config set PREFECT_API_URL=${apiUrl}), or ${another}.`
    : `Port ${port} on ${host} is already in use by another program (no Prefect API answers GET ${apiUrl}/health). ` +
      `Stop that program, or ${another}.`;
  return new PrefectError(message, { cause });
}
