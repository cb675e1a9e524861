import { describe, expect, it } from "vitest";
import {
  argsFromParameters,
  jsonSafe,
  parametersFromArgs,
  parseParameterSignature,
} from "../../../src/engine/parameters.js";

describe("parameter names from function source", () => {
  it("reads plain, defaulted and rest parameters", () => {
    function f(a: number, b = 2, c = "x, y", ...rest: number[]) {
      return [a, b, c, rest];
    }
    expect(parseParameterSignature(f)).toEqual({ names: ["a", "b", "c"], rest: "rest" });
  });

  it("handles arrows, async, defaults holding commas and brackets, comments", () => {
    const g = async (x: { a: number }, y = [1, 2], /* note, here */ z = (() => 3)()) => [x, y, z];
    expect(parseParameterSignature(g).names).toEqual(["x", "y", "z"]);
    const h = (s: string) => s;
    expect(parseParameterSignature(h).names).toEqual(["s"]);
    const single = async (q: number) => q;
    expect(parseParameterSignature(single).names).toEqual(["q"]);
    expect(parseParameterSignature(() => 1).names).toEqual([]);
    const tpl = (a = `a,${"b"}`, b = "(") => a + b;
    expect(parseParameterSignature(tpl).names).toEqual(["a", "b"]);
  });

  it("parses with a real parser: a regex default holding a parenthesis, methods, generators, accessors, line comments", () => {
    expect(parseParameterSignature((pattern = /[)]/, flags = "g") => `${pattern.source}${flags}`)).toEqual({
      names: ["pattern", "flags"],
      rest: null,
    });
    const o = {
      async *gen(a: number, b = ")") {
        yield a + b;
      },
      ["comp" + "uted"](q: number) {
        return q;
      },
      trailing(
        x: number, // a line comment, here
      ) {
        return x;
      },
    };
    expect(parseParameterSignature(o.gen).names).toEqual(["a", "b"]);
    expect(parseParameterSignature(o.computed!).names).toEqual(["q"]);
    expect(parseParameterSignature(o.trailing).names).toEqual(["x"]);
    class K {
      static run(first: string, ...others: string[]) {
        return [first, ...others];
      }
    }
    expect(parseParameterSignature(K.run)).toEqual({ names: ["first"], rest: "others" });
    expect(parseParameterSignature((({ a }: { a: number }, ...[b]: number[]) => a + (b ?? 0)) as never)).toEqual({
      names: ["0"],
      rest: "1",
    });
    expect(parseParameterSignature(Math.max)).toEqual({ names: [], rest: null });
  });

  it("keys destructured parameters by position", () => {
    const d = ({ a, b }: { a: number; b: number }, [c]: number[], e = 1) => a + b + (c ?? 0) + e;
    expect(parseParameterSignature(d).names).toEqual(["0", "1", "e"]);
  });

  it("binds arguments to names and back", () => {
    function f(a: number, b?: number, ...more: number[]) {
      return [a, b, more];
    }
    const sig = parseParameterSignature(f);
    expect(parametersFromArgs(sig, [1])).toEqual({ a: 1 });
    expect(parametersFromArgs(sig, [1, 2, 3, 4])).toEqual({ a: 1, b: 2, more: [3, 4] });
    expect(argsFromParameters(sig, { a: 1, b: 2, more: [3, 4] })).toEqual([1, 2, 3, 4]);
    expect(argsFromParameters(sig, { a: 1 })).toEqual([1]);
  });

  it("makes parameters JSON-safe", () => {
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    expect(jsonSafe({ d: new Date(0), f: function named() {}, big: 10n, c: cyclic, m: new Map([["k", 1]]) })).toEqual({
      d: "1970-01-01T00:00:00.000Z",
      f: "<function named>",
      big: "10",
      c: { n: 1, self: "<cycle>" },
      m: { k: 1 },
    });
  });
});
