// Asserting that a call throws a ConfigError, and getting it back to check its message and key.
import { expect } from "vitest";
import { ConfigError } from "../../src/errors.js";

/** The ConfigError `fn` throws; fails the test when it throws something else or nothing. */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}
