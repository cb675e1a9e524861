// waitFor(): resolves with the first value that is not undefined/null/false; times out naming what it waited for.
import { describe, expect, test } from "vitest";
import { waitFor } from "../../../src/testing/wait-for.js";

describe("waitFor", () => {
  test("polls until the value is there, and returns it (0 and '' count as values)", async () => {
    let n = 0;
    expect(await waitFor(() => (++n >= 3 ? { n } : undefined), { intervalMs: 1 })).toEqual({ n: 3 });
    expect(await waitFor(() => 0)).toBe(0);
    expect(await waitFor(async () => "")).toBe("");
  });

  test("a throwing condition is 'not yet'", async () => {
    let n = 0;
    const v = await waitFor(
      () => {
        if (++n < 3) throw new Error("not ready");
        return true;
      },
      { intervalMs: 1 },
    );
    expect(v).toBe(true);
  });

  test("times out with the message and the last error", async () => {
    await expect(
      waitFor(
        () => {
          throw new Error("still PENDING");
        },
        { timeoutMs: 30, intervalMs: 5, message: "flow run to complete" },
      ),
    ).rejects.toThrow("Timed out after 30 ms waiting for flow run to complete (last error: still PENDING).");
    await expect(waitFor(() => false, { timeoutMs: 10, intervalMs: 2 })).rejects.toThrow(
      "Timed out after 10 ms waiting.",
    );
  });
});
