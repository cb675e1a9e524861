import { describe, expect, it } from "vitest";
import { exponentialBackoff, retryDelayFor, retryDelayForPolicy, withJitter } from "../../../src/engine/retries.js";

describe("retry delays", () => {
  it("uses a fixed number for every retry", () => {
    expect(retryDelayFor(5, 1)).toBe(5);
    expect(retryDelayFor(5, 3)).toBe(5);
    expect(retryDelayFor(undefined, 1)).toBe(0);
  });

  it("indexes lists by retry and repeats the last entry", () => {
    expect([1, 2, 3, 4].map((r) => retryDelayFor([1, 10, 100], r))).toEqual([1, 10, 100, 100]);
  });

  it("computes exponential backoff as Prefect: factor * 2 ** r", () => {
    const backoff = exponentialBackoff(10);
    expect([1, 2, 3].map((r) => retryDelayFor(backoff, r))).toEqual([10, 20, 40]);
    expect(retryDelayForPolicy(backoff, 3)).toEqual([10, 20, 40]);
    expect(() => exponentialBackoff(-1)).toThrow("non-negative");
  });

  it("keeps jitter within [d*(1-f), d*(1+f)]", () => {
    expect(withJitter(10, 0.5, () => 0)).toBe(5);
    expect(withJitter(10, 0.5, () => 1)).toBe(15);
    expect(withJitter(10, undefined)).toBe(10);
    for (let i = 0; i < 100; i++) {
      const d = withJitter(4, 0.25);
      expect(d).toBeGreaterThanOrEqual(3);
      expect(d).toBeLessThanOrEqual(5);
    }
  });
});
