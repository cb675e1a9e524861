// splitCommandLine against Python's shlex.split (POSIX mode), the splitter Prefect's workers use for `command`.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../../src/errors.js";
import { splitCommandLine } from "../../../../src/worker/command-line.js";

describe("splitCommandLine", () => {
  // Expected values generated with Python 3.11 `shlex.split` on the same inputs.
  it.each<[string, string[]]>([
    ["", []],
    ["   ", []],
    ["node main.js", ["node", "main.js"]],
    ["  node   main.js  ", ["node", "main.js"]],
    ["node\tmain.js\nx", ["node", "main.js", "x"]],
    ["node -e \"console.log('hi there')\"", ["node", "-e", "console.log('hi there')"]],
    ["echo 'a \"b\" c'", ["echo", 'a "b" c']],
    ['echo "a \\"b\\" c"', ["echo", 'a "b" c']],
    ['echo "back\\\\slash"', ["echo", "back\\slash"]],
    ['echo "keep \\n as is"', ["echo", "keep \\n as is"]],
    ['echo "\\$HOME"', ["echo", "\\$HOME"]],
    ["echo 'single \\ stays'", ["echo", "single \\ stays"]],
    ["echo a\\ b", ["echo", "a b"]],
    ['echo \\"x', ["echo", '"x']],
    ['a"b c"d', ["ab cd"]],
    ["x '' \"\"", ["x", "", ""]],
    ["echo $HOME ~ *.ts", ["echo", "$HOME", "~", "*.ts"]],
    ["echo a#b # c", ["echo", "a#b", "#", "c"]],
    ['echo "line\\\ncontinued"', ["echo", "line\\\ncontinued"]],
    ["echo a\\\nb", ["echo", "a\nb"]],
    ["prefect-ts flow-run execute", ["prefect-ts", "flow-run", "execute"]],
    ["C:\\\\path\\\\node.exe 'C:\\dir\\x.js'", ["C:\\path\\node.exe", "C:\\dir\\x.js"]],
    ["\u00e9 \u00fc\u00a0x", ["\u00e9", "\u00fc\u00a0x"]],
  ])("%j", (input, expected) => {
    expect(splitCommandLine(input)).toEqual(expected);
  });

  it.each([
    [`echo "open`, "double quote is never closed"],
    [`echo 'open`, "single quote is never closed"],
    [`echo trailing\\`, "lone backslash"],
  ])("refuses %j", (input, fragment) => {
    expect(() => splitCommandLine(input)).toThrow(ConfigError);
    expect(() => splitCommandLine(input)).toThrow(fragment);
    try {
      splitCommandLine(input);
    } catch (error) {
      expect((error as ConfigError).key).toBe("command");
    }
  });
});
