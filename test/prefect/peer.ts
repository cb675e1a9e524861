// Where the Prefect 3.8.3 peer is, for `npm run test:prefect`: PREFECT_PEER names its installation (the folder
// holding `venv/`, as built by prefect-peer's `setup`), PREFECT_PEER_API_URL its running server. Unset: skipped.
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The peer's installation folder, when PREFECT_PEER names one that holds a Prefect venv. */
export const PEER_HOME: string | undefined = process.env.PREFECT_PEER;

/** The peer's Python (with Prefect 3.8.3 installed). */
export const PEER_PYTHON = PEER_HOME ? join(PEER_HOME, "venv", "bin", "python") : "";

/** The API of the peer's running Prefect server. @default http://127.0.0.1:4200/api */
export const PEER_API_URL = process.env.PREFECT_PEER_API_URL ?? "http://127.0.0.1:4200/api";

/** Why the peer tests cannot run here, or undefined when they can. */
export const PEER_MISSING: string | undefined =
  PEER_HOME === undefined
    ? "PREFECT_PEER is not set: point it at a Prefect 3.8.3 installation (prefect-peer's PEER_DIR) to run these tests"
    : !existsSync(PEER_PYTHON)
      ? `PREFECT_PEER=${PEER_HOME} holds no venv/bin/python: build it with prefect-peer's setup first`
      : undefined;

if (PEER_MISSING !== undefined) console.warn(`[test:prefect] skipped: ${PEER_MISSING}`);
