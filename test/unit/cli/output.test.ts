// How the CLI looks: colour only in a terminal (NO_COLOR, FORCE_COLOR), compact tables fitted to the width, state
// colours, spinners only in a terminal, errors as one line (stacks with --debug), the build output's node -e step.
import { describe, expect, it } from "vitest";
import { describeTerminal } from "../../../src/cli/context.js";
import { describeError } from "../../../src/cli/error-report.js";
import { imageProgress } from "../../../src/cli/image-progress.js";
import { colorState, fitColumnWidths, printTable, startProgress } from "../../../src/cli/output.js";
import { BuildOutput, describeBuildLine } from "../../../src/deploy/image/build-output.js";
import { generateDockerfile } from "../../../src/deploy/image/dockerfile.js";
import { ConfigError, PrefectError } from "../../../src/errors.js";
import { colorPreference } from "../../../src/settings/terminal.js";
import { describeExit } from "../../../src/worker/runner.js";
import { CapturedStream, testCliContext } from "../../helpers/cli-context.js";

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/;
// eslint-disable-next-line no-control-regex
const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, "");

const rows = Array.from({ length: 5 }, (_, i) => [
  `0b5f6c1e-7d3a-4f2b-9c1d-00000000000${i}`,
  `flow-${i}`,
  `a-rather-long-run-name-number-${i}`,
  "Completed",
]);

describe("colour", () => {
  it("reads NO_COLOR and FORCE_COLOR, NO_COLOR winning", () => {
    expect(colorPreference({})).toBe("auto");
    expect(colorPreference({ NO_COLOR: "1" })).toBe("never");
    expect(colorPreference({ NO_COLOR: "" })).toBe("auto");
    expect(colorPreference({ FORCE_COLOR: "1" })).toBe("always");
    expect(colorPreference({ FORCE_COLOR: "0" })).toBe("never");
    expect(colorPreference({ FORCE_COLOR: "1", NO_COLOR: "1" })).toBe("never");
  });

  it("is on in a terminal, off in a pipe, off with NO_COLOR, on in a pipe with FORCE_COLOR", () => {
    const tty = new CapturedStream(true, 100);
    const pipe = new CapturedStream(false);
    expect(describeTerminal({ stdout: tty, stderr: tty, colorPreference: "auto" })).toMatchObject({
      color: true,
      columns: 100,
    });
    expect(describeTerminal({ stdout: pipe, stderr: pipe, colorPreference: "auto" })).toMatchObject({
      color: false,
      columns: undefined,
    });
    expect(describeTerminal({ stdout: tty, stderr: tty, colorPreference: "never" })).toMatchObject({
      color: false,
      errColor: false,
    });
    expect(describeTerminal({ stdout: pipe, stderr: pipe, colorPreference: "always" })).toMatchObject({
      color: true,
      errColor: true,
    });
  });

  it("colours state names as Prefect's UI colours their types, and not at all when colour is off", () => {
    const on = testCliContext({ tty: true }).style;
    expect(colorState(on, "COMPLETED", "Completed")).toBe("\u001b[32mCompleted\u001b[39m");
    expect(colorState(on, "FAILED", "Failed")).toBe("\u001b[31mFailed\u001b[39m");
    expect(colorState(on, "RUNNING", "Running")).toBe("\u001b[34mRunning\u001b[39m");
    expect(colorState(on, "SCHEDULED", "Late")).toBe("\u001b[33mLate\u001b[39m");
    const off = testCliContext({ tty: false }).style;
    expect(colorState(off, "COMPLETED", "Completed")).toBe("Completed");
  });
});

describe("tables", () => {
  it("have a rule under the header only, no rule between rows", () => {
    const context = testCliContext();
    printTable(context, { title: "Flow Runs", head: ["ID", "Flow", "Name", "State"], rows });
    const lines = context.io.stdout.text.trimEnd().split("\n");
    expect(lines[0]).toBe("Flow Runs");
    expect(lines.filter((line) => line.startsWith("├"))).toHaveLength(1);
    // title, top, head, rule, 5 rows, bottom
    expect(lines).toHaveLength(10);
  });

  it("fit the terminal's width, long cells ending in …; piped output is never cut", () => {
    const narrow = testCliContext({ tty: true, columns: 70, colorPreference: "never" });
    printTable(narrow, { head: ["ID", "Flow", "Name", "State"], rows });
    const lines = narrow.io.stdout.text.trimEnd().split("\n");
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(70);
    expect(narrow.io.stdout.text).toContain("…");

    const piped = testCliContext({ tty: false });
    printTable(piped, { head: ["ID", "Flow", "Name", "State"], rows });
    expect(piped.io.stdout.text).toContain(rows[0]?.[0]);
    expect(piped.io.stdout.text).not.toContain("…");
    expect(piped.io.stdout.text).not.toMatch(ANSI);
  });

  it("computes widths by squeezing the widest columns first, ignoring colour codes", () => {
    expect(fitColumnWidths([["aaaa", "bb"]], 80)).toBeUndefined();
    expect(fitColumnWidths([["aaaa", "bb"]], undefined)).toBeUndefined();
    const widths = fitColumnWidths([["x".repeat(40), "\u001b[1m" + "y".repeat(10) + "\u001b[22m"]], 40);
    expect(widths).toEqual([25, 12]);
  });

  it("print bold headers in a terminal", () => {
    const context = testCliContext({ tty: true, columns: 200 });
    printTable(context, { head: ["ID"], rows: [["1"]] });
    expect(context.io.stdout.text).toContain("\u001b[1mID\u001b[22m");
  });
});

describe("spinners", () => {
  it("draw on a terminal's stderr only", () => {
    const piped = testCliContext({ tty: false });
    const quiet = startProgress(piped, "Waiting");
    quiet.update("Still waiting");
    quiet.stop();
    expect(piped.io.stderr.text).toBe("");
    expect(piped.io.stdout.text).toBe("");

    const terminal = testCliContext({ tty: true, columns: 80 });
    const spinner = startProgress(terminal, "Waiting for the run");
    spinner.stop();
    expect(plain(terminal.io.stderr.text)).toContain("Waiting for the run");
  });
});

describe("image build and push progress", () => {
  it("prints every line; in a terminal a spinner names the step, in a pipe nothing more is drawn", () => {
    const terminal = testCliContext({ tty: true, columns: 100 });
    const progress = imageProgress(terminal);
    progress.onLine("Step 2/7 : WORKDIR /opt/prefect/etl");
    progress.onLine("abc123: Pushing");
    progress.stop();
    expect(terminal.io.stdout.text).toBe("Step 2/7 : WORKDIR /opt/prefect/etl\nabc123: Pushing\n");
    expect(plain(terminal.io.stderr.text)).toContain("Building image: step 2/7...");
    expect(plain(terminal.io.stderr.text)).toContain("Pushing image...");

    const piped = testCliContext();
    const quiet = imageProgress(piped);
    quiet.onLine("Step 1/7 : FROM node:20-slim");
    quiet.stop();
    expect(piped.io.stdout.text).toBe("Step 1/7 : FROM node:20-slim\n");
    expect(piped.io.stderr.text).toBe("");
  });
});

describe("errors", () => {
  it("print our errors as their message, others with a --debug hint, stacks only with --debug", () => {
    const error = new ConfigError("Give the work pool: prefect-ts deploy a.ts:f -n x -p POOL", "--pool");
    expect(describeError(error, false)).toBe("Give the work pool: prefect-ts deploy a.ts:f -n x -p POOL");
    expect(describeError(new TypeError("x is undefined"), false)).toBe(
      "TypeError: x is undefined (run with --debug for the stack)",
    );
    expect(describeError(new PrefectError("boom"), true)).toMatch(/^PrefectError: boom\n\s+at /);
    expect(describeError("plain", false)).toBe("plain");
  });

  it("are red on a terminal's stderr", async () => {
    const context = testCliContext({ tty: true });
    (await import("../../../src/cli/error-report.js")).reportError(
      context,
      new PrefectError("Flow run 'x' not found!"),
    );
    expect(context.io.stderr.text).toBe("\u001b[31mFlow run 'x' not found!\u001b[39m\n");
  });
});

describe("a run process stopped by a signal", () => {
  it("reads as a signal, not as an exit code", () => {
    expect(describeExit({ code: null, signal: "SIGTERM" })).toBe("its process was stopped by SIGTERM");
    expect(describeExit({ code: 3, signal: null })).toBe("its process exited with code 3");
  });
});

describe("Docker build output", () => {
  const dockerfile = generateDockerfile({
    baseImage: "node:20-slim",
    projectDirName: "etl",
    dependencies: "install",
    hasPackageJson: true,
    lockfiles: ["package-lock.json"],
  });
  const runLine = dockerfile.trimEnd().split("\n").at(-1) ?? "";

  it("names the step that links prefect-ts onto PATH instead of echoing its one-line script", () => {
    expect(runLine.length).toBeGreaterThan(1000);
    const shown = describeBuildLine(`Step 7/7 : ${runLine}`);
    expect(shown).toBe("Step 7/7 : RUN node -e <script: links the prefect-ts command onto PATH>");
    const output = new BuildOutput();
    const lines = output.handle({ stream: `Step 7/7 : ${runLine}\n` });
    expect(lines).toEqual(["Step 7/7 : RUN node -e <script: links the prefect-ts command onto PATH>"]);
    expect(output.step?.length).toBeLessThan(100);
  });

  it("leaves other lines, and short node -e steps, as they are", () => {
    expect(describeBuildLine('Step 2/5 : RUN ["node","-e","console.log(1)"]')).toBe(
      'Step 2/5 : RUN ["node","-e","console.log(1)"]',
    );
    expect(describeBuildLine("Step 3/5 : RUN npm ci --omit=dev")).toBe("Step 3/5 : RUN npm ci --omit=dev");
  });
});
