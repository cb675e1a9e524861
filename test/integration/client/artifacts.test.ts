// Artifact methods of PrefectClient and the SDK's create functions against the real server, over both transports:
// what a flow or task run publishes belongs to it, each kind is stored as Prefect stores it, bad input is refused
// before anything is sent.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createImageArtifact,
  createLinkArtifact,
  createMarkdownArtifact,
  createProgressArtifact,
  createTableArtifact,
  updateProgressArtifact,
} from "../../../src/artifacts.js";
import { ObjectNotFoundError, ValidationError } from "../../../src/client/index.js";
import { withClient } from "../../../src/engine/client-provider.js";
import { setConsoleWriter } from "../../../src/engine/logger.js";
import { ArtifactError } from "../../../src/errors.js";
import { flow } from "../../../src/flow.js";
import { task } from "../../../src/task.js";
import { createTestServer, transports, type TestServer } from "../../../src/testing/index.js";

describe.each(transports)("artifacts over %s", (transport) => {
  let server: TestServer;
  const lines: string[] = [];
  let restore: ReturnType<typeof setConsoleWriter>;
  beforeAll(async () => {
    server = await createTestServer({ transport });
    restore = setConsoleWriter((line) => lines.push(line));
  });
  afterAll(async () => {
    setConsoleWriter(restore);
    await server.close();
  });

  test("client: create, read, latest by key, filter, count, update, delete; models are camelCase with Dates", async () => {
    const { client } = server;
    const v1 = await client.createArtifact({
      key: "client-report",
      type: "markdown",
      data: "one",
      metadata_: { a: "b" },
    });
    const v2 = await client.createArtifact({ key: "client-report", type: "markdown", data: "two" });
    expect(v1).toMatchObject({ key: "client-report", type: "markdown", data: "one", metadata_: { a: "b" } });
    expect(v1.created).toBeInstanceOf(Date);
    expect((await client.readArtifact(v1.id)).data).toBe("one");
    expect(await client.readLatestArtifact("client-report")).toMatchObject({ latestId: v2.id, data: "two" });
    expect(await client.readLatestArtifact("no-such-key")).toBeUndefined();
    const versions = await client.readArtifacts({ artifactFilter: { key: { any_: ["client-report"] } } });
    expect(versions.map((a) => a.id)).toEqual([v2.id, v1.id]);
    expect(await client.countArtifacts({ artifactFilter: { key: { any_: ["client-report"] } } })).toBe(2);
    expect(await client.countLatestArtifacts({ artifactFilter: { key: { any_: ["client-report"] } } })).toBe(1);
    await client.updateArtifact(v2.id, { description: "updated" });
    expect((await client.readLatestArtifact("client-report"))?.description).toBe("updated");
    await client.deleteArtifact(v2.id);
    expect((await client.readLatestArtifact("client-report"))?.latestId).toBe(v1.id);
    await expect(client.deleteArtifact(v2.id)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(client.createArtifact({ key: "Not Valid" })).rejects.toBeInstanceOf(ValidationError);
  });

  test("inside a flow run and its task: each artifact carries the flow run's id, and the task run's when a task made it", async () => {
    const summarize = task(async function summarize(rows: { region: string; sales: number }[]) {
      return createTableArtifact(rows, { key: "sdk-sales-table", description: "Sales by region" });
    });
    const report = flow(async function sdkReport() {
      const markdownId = await createMarkdownArtifact("# Sales\n\nAll **good**.", { key: "sdk-sales-report" });
      const tableId = await summarize([
        { region: "EU", sales: 120 },
        { region: "US", sales: Number.NaN },
      ]);
      return { markdownId, tableId };
    });
    const { markdownId, tableId } = await withClient(server.client, () => report());
    const markdown = await server.client.readArtifact(markdownId);
    const table = await server.client.readArtifact(tableId);
    expect(markdown).toMatchObject({ type: "markdown", data: "# Sales\n\nAll **good**.", taskRunId: null });
    expect(markdown.flowRunId).toEqual(expect.any(String));
    // Prefect stores a table as its JSON text, NaN as null.
    expect(table).toMatchObject({
      type: "table",
      key: "sdk-sales-table",
      description: "Sales by region",
      data: JSON.stringify([
        { region: "EU", sales: 120 },
        { region: "US", sales: null },
      ]),
      flowRunId: markdown.flowRunId,
    });
    const taskRuns = await server.client.readTaskRuns({ flowRunFilter: { id: { any_: [markdown.flowRunId ?? ""] } } });
    expect(taskRuns.map((t) => t.id)).toContain(table.taskRunId);
  });

  test("outside any run: no run ids; links are markdown; images and progress keep their value", async () => {
    const ids = await withClient(server.client, async () => ({
      link: await createLinkArtifact("https://example.com/report", { linkText: "The report" }),
      bare: await createLinkArtifact("https://example.com/raw"),
      image: await createImageArtifact("https://example.com/chart.png", { key: "sdk-chart" }),
      progress: await createProgressArtifact(25, { key: "sdk-progress" }),
    }));
    const read = async (id: string) => server.client.readArtifact(id);
    expect(await read(ids.link)).toMatchObject({
      type: "markdown",
      data: "[The report](https://example.com/report)",
      flowRunId: null,
      taskRunId: null,
    });
    expect((await read(ids.bare)).data).toBe("[https://example.com/raw](https://example.com/raw)");
    expect(await read(ids.image)).toMatchObject({ type: "image", data: "https://example.com/chart.png" });
    expect(await read(ids.progress)).toMatchObject({ type: "progress", data: 25 });
    await withClient(server.client, () => updateProgressArtifact(ids.progress, 80, { description: "almost" }));
    expect(await server.client.readLatestArtifact("sdk-progress")).toMatchObject({ data: 80, description: "almost" });
  });

  test("progress outside 0-100 is clamped with a warning in the run's log; a new version clears the old description", async () => {
    const progressing = flow(async function progressing() {
      const id = await createProgressArtifact(-5, { key: "sdk-clamped", description: "start" });
      await createProgressArtifact(140, { key: "sdk-clamped" });
      return id;
    });
    const first = await withClient(server.client, () => progressing());
    expect((await server.client.readArtifact(first)).data).toBe(0);
    expect(await server.client.readLatestArtifact("sdk-clamped")).toMatchObject({ data: 100, description: null });
    expect(lines.some((line) => line.includes("Progress 140% is outside 0-100: recorded as 100%."))).toBe(true);
  });

  test("bad input is refused before anything is sent, naming the argument and the fix", async () => {
    const before = await server.client.countArtifacts();
    const attempts: [string, () => Promise<unknown>][] = [
      ["key", () => createMarkdownArtifact("x", { key: "My Report" })],
      ["table", () => createTableArtifact("rows" as never)],
      ["table", () => createTableArtifact([1, 2] as never)],
      ["progress", () => createProgressArtifact(Number.NaN)],
      ["markdown", () => createMarkdownArtifact(42 as never)],
    ];
    for (const [field, attempt] of attempts) {
      const error = await withClient(server.client, attempt).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ArtifactError);
      expect((error as ArtifactError).field).toBe(field);
    }
    await expect(withClient(server.client, () => createMarkdownArtifact("x", { key: "My Report" }))).rejects.toThrow(
      'Artifact key must only contain lowercase letters, numbers, and dashes: "My Report" has others; "my-report" would do.',
    );
    expect(await server.client.countArtifacts()).toBe(before);
    // Tables of each shape Prefect takes are accepted.
    await withClient(server.client, async () => {
      await createTableArtifact({ region: ["EU", "US"], sales: [1, 2] });
      await createTableArtifact([
        ["EU", 1],
        ["US", 2],
      ]);
    });
    expect(await server.client.countArtifacts()).toBe(before + 2);
  });
});
