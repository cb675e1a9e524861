// confirmOnTerminal: asks [y/N] on a terminal (default no), never asks without one.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { confirmOnTerminal } from "../../../src/cli/confirm.js";

function terminalInput(answer: string): PassThrough & { isTTY: boolean } {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  setImmediate(() => input.write(`${answer}\n`));
  return input;
}

describe("confirmOnTerminal", () => {
  const stdout = new PassThrough();

  it("is yes without a terminal, asking nothing", async () => {
    expect(await confirmOnTerminal("Sure?", new PassThrough(), stdout)).toBe(true);
  });

  it.each([
    ["y", true],
    ["yes", true],
    ["", false],
    ["n", false],
  ])("on a terminal, %j answers %s", async (answer, expected) => {
    expect(await confirmOnTerminal("Are you sure?", terminalInput(answer), stdout)).toBe(expected);
  });
});
