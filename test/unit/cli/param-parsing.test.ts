// The CLI's input parsers: `--param k=v` (JSON when it parses, else a string), `--params`, `--start-in`, `--start-at`.
import { describe, expect, it } from "vitest";
import {
  describeRelative,
  parseDuration,
  parseJsonObject,
  parseKeyValues,
  parseStartTime,
} from "../../../src/cli/param-parsing.js";
import { ConfigError } from "../../../src/errors.js";

describe("parseKeyValues", () => {
  it("parses values as JSON when they parse, else keeps the string", () => {
    expect(
      parseKeyValues(
        ["n=3", "name=Marvin", "flag=true", "list=[1,2]", 'obj={"a":1}', "empty=", "eq=a=b", 'quoted="7"'],
        "--param",
      ),
    ).toEqual({
      n: 3,
      name: "Marvin",
      flag: true,
      list: [1, 2],
      obj: { a: 1 },
      empty: "",
      eq: "a=b",
      quoted: "7",
    });
    expect(parseKeyValues(undefined, "--param")).toEqual({});
    expect(parseKeyValues(["a=1", "a=2"], "--param")).toEqual({ a: 2 });
  });

  it("refuses an item without a key", () => {
    expect(() => parseKeyValues(["novalue"], "--param")).toThrow(ConfigError);
    expect(() => parseKeyValues(["=1"], "--param")).toThrow(/Invalid --param "=1": expected KEY=VALUE/);
  });
});

describe("parseJsonObject", () => {
  it("accepts an object only", () => {
    expect(parseJsonObject('{"a": [1]}', "--params")).toEqual({ a: [1] });
    expect(parseJsonObject(undefined, "--params")).toEqual({});
    expect(() => parseJsonObject("[1]", "--params")).toThrow(/expected a JSON object/);
    expect(() => parseJsonObject("{a:1}", "--params")).toThrow(ConfigError);
  });
});

describe("parseDuration", () => {
  it.each([
    ["10 minutes", 600],
    ["in 10 minutes", 600],
    ["1 hour", 3600],
    ["30s", 30],
    ["2 days", 172_800],
    ["1h 30m", 5400],
    ["1h30m", 5400],
    ["1 week", 604_800],
    ["1.5 hours", 5400],
    ["now", 0],
    ["5 MINUTES", 300],
  ])("%s -> %d s", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(["", "soon", "10", "10 fortnights", "minutes 10", "10 minutes later"])("refuses %j", (text) => {
    expect(() => parseDuration(text)).toThrow(/expected a duration such as '10 minutes'/);
  });
});

describe("parseStartTime", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  it("adds --start-in to now, parses --start-at, and defaults to undefined", () => {
    expect(parseStartTime({ startIn: "10 minutes" }, now)?.toISOString()).toBe("2026-01-01T00:10:00.000Z");
    expect(parseStartTime({ startAt: "2026-05-01T09:30:00Z" }, now)?.toISOString()).toBe("2026-05-01T09:30:00.000Z");
    expect(parseStartTime({}, now)).toBeUndefined();
  });

  it("refuses both options and unparseable dates", () => {
    expect(() => parseStartTime({ startIn: "1m", startAt: "2026-01-01" }, now)).toThrow(/not both/);
    expect(() => parseStartTime({ startAt: "tomorrow" }, now)).toThrow(
      /Invalid --start-at "tomorrow": expected an ISO 8601/,
    );
    expect(() => parseStartTime({ startAt: "2026-13-45" }, now)).toThrow(ConfigError);
  });
});

describe("describeRelative", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  it("says how far a time is from now", () => {
    expect(describeRelative(new Date("2026-01-01T00:10:00Z"), now)).toBe("in 10 minutes");
    expect(describeRelative(new Date("2026-01-01T01:00:00Z"), now)).toBe("in 1 hour");
    expect(describeRelative(new Date("2025-12-31T23:59:30Z"), now)).toBe("30 seconds ago");
    expect(describeRelative(now, now)).toBe("now");
  });
});
