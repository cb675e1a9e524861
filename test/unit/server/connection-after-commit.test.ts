// Connection.afterCommit: callbacks run once the write commits, never for a rolled-back write or savepoint, and a
// throwing callback does not fail the committed write.
import { describe, expect, it } from "vitest";
import { Connection } from "../../../src/server/store/connection.js";

function db(): Connection {
  const conn = new Connection(":memory:");
  conn.db.exec("CREATE TABLE t (v INTEGER)");
  return conn;
}

describe("Connection.afterCommit", () => {
  it("runs after the commit, in order, and at once outside a transaction", () => {
    const conn = db();
    const seen: string[] = [];
    conn.write(() => {
      conn.run("INSERT INTO t VALUES (1)");
      conn.afterCommit(() => seen.push(`a:${conn.db.inTransaction}`));
      conn.write(() => conn.afterCommit(() => seen.push("nested")));
      seen.push("body");
    });
    conn.afterCommit(() => seen.push("outside"));
    expect(seen).toEqual(["body", "a:false", "nested", "outside"]);
  });

  it("drops the callbacks of a write that throws", () => {
    const conn = db();
    const seen: string[] = [];
    expect(() =>
      conn.write(() => {
        conn.afterCommit(() => seen.push("lost"));
        throw new Error("boom");
      }),
    ).toThrow("boom");
    conn.write(() => conn.afterCommit(() => seen.push("kept")));
    expect(seen).toEqual(["kept"]);
  });

  it("in writeEach, drops only the callbacks of the write rolled back to its savepoint", () => {
    const conn = db();
    const seen: string[] = [];
    const outcomes = conn.writeEach([
      () => conn.afterCommit(() => seen.push("first")),
      () => {
        conn.afterCommit(() => seen.push("second"));
        throw new Error("no");
      },
      () => conn.afterCommit(() => seen.push("third")),
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(seen).toEqual(["first", "third"]);
  });

  it("a throwing callback neither fails the write nor stops the others", () => {
    const conn = db();
    const seen: string[] = [];
    const value = conn.write(() => {
      conn.afterCommit(() => {
        throw new Error("subscriber");
      });
      conn.afterCommit(() => seen.push("next"));
      return 7;
    });
    expect(value).toBe(7);
    expect(seen).toEqual(["next"]);
  });
});
