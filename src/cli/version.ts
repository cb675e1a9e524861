// `prefect-ts version`: package and runtime versions, the API in use (remote URL or embedded) and its database.
// The version string itself is read by main.ts from package.json.
import { arch, platform } from "node:os";
import { sqlitePathFromConnectionUrl } from "../settings/index.js";
import type { CliContext } from "./context.js";

/** Prints `Version`, `Node version`, `OS/Arch`, `Profile`, `Server type` and, when embedded, `Database`. */
export async function versionCommand(context: CliContext, version: string): Promise<void> {
  const settings = await context.settings();
  const rows: [string, string][] = [
    ["Version:", version],
    ["Node version:", process.versions.node],
    ["OS/Arch:", `${platform()}/${arch()}`],
    ["Profile:", settings.PREFECT_PROFILE],
  ];
  if (settings.PREFECT_API_URL === undefined) {
    rows.push(["Server type:", "embedded"]);
    rows.push(["Database:", `sqlite ${sqlitePathFromConnectionUrl(settings.PREFECT_API_DATABASE_CONNECTION_URL)}`]);
  } else {
    rows.push(["Server type:", "server"]);
    rows.push(["API URL:", settings.PREFECT_API_URL]);
  }
  for (const [label, value] of rows) context.out(`${label.padEnd(20)} ${value}`);
}
