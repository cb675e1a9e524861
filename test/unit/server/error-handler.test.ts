// The app's error handler and 5xx logging: it answers a JSON 500 and logs even when the error's own body
// cannot be serialised, and every 5xx the app sends (thrown or answered) leaves one log line.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { errorHandler, logServerErrors } from "../../../src/server/http/error-handler.js";
import { HttpError } from "../../../src/server/http/http-error.js";

function appLogging(): { app: Hono; logged: Array<{ error: unknown; path: string }> } {
  const logged: Array<{ error: unknown; path: string }> = [];
  const log = (error: unknown, request: { path: string }) => void logged.push({ error, path: request.path });
  const app = new Hono();
  app.use("*", logServerErrors(log));
  app.onError(errorHandler(log));
  return { app, logged };
}

describe("errorHandler", () => {
  it("answers a JSON 500 and logs when an error body cannot be serialised", async () => {
    const { app, logged } = appLogging();
    app.post("/bad", () => {
      throw new HttpError(422, { exception_detail: [{ input: 10n }] });
    });
    const res = await app.request("/bad", { method: "POST" });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ exception_message: "Internal Server Error" });
    expect(logged).toHaveLength(1);
    expect(logged[0]?.error).toBeInstanceOf(TypeError);
  });

  it("logs each unexpected error once, and 5xx answers no error explains", async () => {
    const { app, logged } = appLogging();
    app.get("/boom", () => {
      throw new Error("disk on fire");
    });
    app.get("/unready", (c) => c.json({ message: "Database is not available" }, 503));
    app.get("/fine", (c) => c.json(true));
    expect((await app.request("/boom")).status).toBe(500);
    expect((await app.request("/unready")).status).toBe(503);
    expect((await app.request("/fine")).status).toBe(200);
    expect(logged.map((l) => [l.path, (l.error as Error).message])).toEqual([
      ["/boom", "disk on fire"],
      ["/unready", "GET /unready answered 503"],
    ]);
  });

  it("keeps answering when the logger itself throws", async () => {
    const app = new Hono();
    app.onError(
      errorHandler(() => {
        throw new Error("logger down");
      }),
    );
    app.get("/boom", () => {
      throw new Error("x");
    });
    expect((await app.request("/boom")).status).toBe(500);
  });
});
