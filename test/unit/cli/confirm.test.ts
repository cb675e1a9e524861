// confirmOnTerminal: asks [y/N] on a terminal (default no), never asks without one; confirmIfInteractive: asks only
// when the CLI may prompt (--no-prompt, PREFECT_CLI_PROMPT, a terminal on stdin and stdout), as Prefect's is_interactive().
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { confirmOnTerminal } from "../../../src/cli/confirm.js";
import { confirmIfInteractive } from "../../../src/cli/prompting.js";
import { testCliContext } from "../../helpers/cli-context.js";

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

describe("confirmIfInteractive (variable unset, block delete)", () => {
  const terminal = (answer: string) => terminalInput(answer);

  it("asks on a terminal and honours the answer", async () => {
    const context = testCliContext({ tty: true });
    expect(await confirmIfInteractive(context, "Unset?", terminal("n"))).toBe(false);
    expect(await confirmIfInteractive(context, "Unset?", terminal("y"))).toBe(true);
    expect(context.io.stdout.text).toContain("Unset? [y/N]");
  });

  it.each([
    ["--no-prompt", { options: { prompt: false } }, {}],
    ["PREFECT_CLI_PROMPT=false", {}, { PREFECT_CLI_PROMPT: "false" }],
  ])("is yes without asking under %s, even on a terminal", async (_label, overrides, env) => {
    const context = { ...testCliContext({ tty: true, env }), ...overrides };
    expect(await confirmIfInteractive(context, "Unset?", terminal("n"))).toBe(true);
    expect(context.io.stdout.text).toBe("");
  });

  it("is yes without asking when stdout is not a terminal", async () => {
    const context = testCliContext({ tty: false });
    expect(await confirmIfInteractive(context, "Unset?", terminal("n"))).toBe(true);
    expect(context.io.stdout.text).toBe("");
  });
});
