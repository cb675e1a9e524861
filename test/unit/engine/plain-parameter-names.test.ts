// Plain parameter lists are read without acorn (parameters.ts): the same names, and anything that is not a list of
// plain names still goes to the parser.
import { describe, expect, it } from "vitest";
import { parseParameterSignature } from "../../../src/engine/parameters.js";

// Functions built from source text, so the text under test is exactly what is written here.
const fromSource = (src: string): ((...args: never[]) => unknown) =>
  new Function(`return (${src})`)() as (...args: never[]) => unknown;

describe("plain parameter lists", () => {
  it.each([
    ["(a, b) => a + b", ["a", "b"]],
    ["async (x) => x", ["x"]],
    ["async(x) => x", ["x"]],
    ["() => 1", []],
    ["( a ,\n  b , ) => a", ["a", "b"]],
    ["function named($a, _b) { return $a; }", ["$a", "_b"]],
    ["async function (x) { return x; }", ["x"]],
    ["function* gen(a) { yield a; }", ["a"]],
    ["async function*gen(a, b) { yield a; }", ["a", "b"]],
  ])("reads %j", (src, names) => {
    expect(parseParameterSignature(fromSource(src))).toEqual({ names, rest: null });
  });

  it("reads methods' lists", () => {
    const o = {
      plain(a: number, b: number) {
        return a + b;
      },
      async *gen(q: number) {
        yield q;
      },
    };
    expect(parseParameterSignature(o.plain).names).toEqual(["a", "b"]);
    expect(parseParameterSignature(o.gen).names).toEqual(["q"]);
  });

  it.each([
    ["x => x", ["x"], null],
    ["async x => f(x)", ["x"], null],
    ["(a, /* ) */ b) => a", ["a", "b"], null],
    ["(a, b = f(1)) => a", ["a", "b"], null],
    ["(a, ...more) => a", ["a"], "more"],
    ["({ a }, b) => a", ["0", "b"], null],
  ])("leaves %j to the parser", (src, names, rest) => {
    expect(parseParameterSignature(fromSource(src))).toEqual({ names, rest });
  });

  it("leaves names strict code cannot bind, and repeated names, to the parser, as before", () => {
    // Sloppy-mode functions: the parser (module code) cannot read them, so they have no names, as before.
    expect(parseParameterSignature(new Function("yield", "return yield") as never)).toEqual({ names: [], rest: null });
    expect(parseParameterSignature(new Function("a", "a", "return a") as never)).toEqual({ names: [], rest: null });
  });
});
