// `getRunLogger()`: the logger of the current flow or task run; outside runs a console-only logger, with the
// PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW behaviour (warn once, error, or ignore).
import { ConfigError } from "../errors.js";
import { currentSettings } from "./client-provider.js";
import { getRunContext } from "./context.js";
import { levelNumber, RunLogger } from "./logger.js";

let warned = false;

/**
 * The run logger of the flow or task run the code runs in: it prints to the console and sends records to the API.
 * @throws ConfigError outside a run when PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW is "error"
 * @example getRunLogger().info("Fetched %d rows", rows.length)
 */
export function getRunLogger(): RunLogger {
  const ctx = getRunContext();
  if (ctx) return ctx.logger;
  const settings = currentSettings();
  const mode = settings.PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW;
  if (mode === "error") {
    throw new ConfigError(
      "getRunLogger() was called outside a flow or task run",
      "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW",
    );
  }
  const level = levelNumber(settings.PREFECT_LOGGING_LEVEL);
  const logger = new RunLogger({
    name: "prefect",
    label: "prefect",
    flowRunId: null,
    taskRunId: null,
    consoleLevel: level,
    apiLevel: level,
    writer: null,
  });
  if (mode === "warn" && !warned) {
    warned = true;
    logger.warning("getRunLogger() was called outside a flow or task run; logs go to the console only");
  }
  return logger;
}
