// `logPrints`: inside a run that asks for it, console.log/info/debug/warn/error become run logs instead of plain
// output. The console is patched once, and each call checks the AsyncLocalStorage context, so concurrent runs
// without logPrints (and code outside runs) keep printing normally.
import { format } from "node:util";
import { getRunContext } from "./context.js";
import { LogLevel } from "./logger.js";

const METHODS = {
  log: LogLevel.INFO,
  info: LogLevel.INFO,
  debug: LogLevel.INFO,
  warn: LogLevel.WARNING,
  error: LogLevel.ERROR,
} as const;

const patched = new WeakSet<object>();

/**
 * Patches the console so that runs with `logPrints` capture their prints. Cheap to call at every run start:
 * a method already patched is left alone, one replaced since (by a test or a library) is wrapped again.
 */
export function installLogPrints(): void {
  for (const [method, level] of Object.entries(METHODS) as [keyof typeof METHODS, number][]) {
    const current = console[method];
    if (patched.has(current)) continue;
    const original = current.bind(console);
    const wrapper = (...args: unknown[]): void => {
      const ctx = getRunContext();
      if (ctx?.logPrints) ctx.logger.log(level, format(...args));
      else original(...args);
    };
    patched.add(wrapper);
    console[method] = wrapper;
  }
}
