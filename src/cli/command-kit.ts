// What the command-tree files share: the `act` wrapper's type, commander argument parsers (each names what it
// expected) and the `--output json` option.
import { InvalidArgumentError, Option } from "commander";
import type { CliContext } from "./context.js";

/** Wraps a command function into a commander action (main.ts builds it: context, errors, exit code). */
export type Act = (
  fn: (context: CliContext, ...args: never[]) => Promise<void>,
) => (...args: unknown[]) => Promise<void>;

/** A repeatable option's values, in order. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A repeatable numeric option's values, in order. */
export function collectNumbers(
  parse: (value: string) => number,
): (value: string, previous: number[] | undefined) => number[] {
  return (value, previous) => [...(previous ?? []), parse(value)];
}

/** A UUID (an id argument or option): a malformed one is a usage error, as Prefect's CLI makes it. */
export function uuid(value: string): string {
  if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value)) {
    throw new InvalidArgumentError(`${JSON.stringify(value)} is not a valid UUID.`);
  }
  return value;
}

/** 0, 1, 2, ... */
export function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("Expected a non-negative integer.");
  return Number(value);
}

/** 1, 2, 3, ... */
export function positiveInteger(value: string): number {
  const n = nonNegativeInteger(value);
  if (n === 0) throw new InvalidArgumentError("Expected a positive integer.");
  return n;
}

/** A number of seconds >= 0. */
export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError("Expected a non-negative number of seconds.");
  return n;
}

/** A number of seconds > 0. */
export function positiveNumber(value: string): number {
  const n = nonNegativeNumber(value);
  if (n === 0) throw new InvalidArgumentError("Expected a positive number of seconds.");
  return n;
}

/** `-o, --output json`. */
export const outputOption = (): Option => new Option("-o, --output <format>", "output format").choices(["json"]);
