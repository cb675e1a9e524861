// Artifacts in the dashboard, in Chromium: the Artifacts page (the latest of each key, filtered by key and type,
// sorted), a key's page with its versions, an artifact's page rendering each type (markdown as elements, tables of
// the three shapes, a progress bar, an image, other data as JSON), markdown's HTML shown as text and never run, and the
// artifacts of a flow run and of a task run on their pages, live. The artifacts come from a flow run through the SDK.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createImageArtifact,
  createLinkArtifact,
  createMarkdownArtifact,
  createProgressArtifact,
  createTableArtifact,
  flow,
  task,
  updateProgressArtifact,
  withClient,
} from "../../src/index.js";
import { setConsoleWriter } from "../../src/engine/logger.js";
import { openPage, screenshot, seriousViolations, useUiBrowser, type WatchedPage } from "./ui-browser.js";

/** A 1×1 PNG, so the image artifact loads without a network. */
const PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
/** Markdown trying to run script in the page, twice. */
const INJECTION = 'Hello <img src=x onerror="window.__pwned = 1"> and <script>window.__pwned = 2</script> **bold**';

/** What the flow run of the fixture made. */
interface Published {
  ids: Record<
    "first" | "latest" | "table" | "columns" | "matrix" | "progress" | "image" | "link" | "injection",
    string
  >;
  result: string;
  flowRunId: string;
  flowRunName: string;
  taskRunId: string;
}

describe("artifacts in the dashboard", () => {
  const suite = useUiBrowser();
  let watched: WatchedPage;
  let restoreConsole: ReturnType<typeof setConsoleWriter>;
  beforeAll(async () => {
    // The flow's run logs go to the console by default; a test has no use for them.
    restoreConsole = setConsoleWriter(() => undefined);
    watched = await openPage(suite.browser);
  });
  afterAll(async () => {
    setConsoleWriter(restoreConsole);
    await watched?.close();
  });
  const go = (path: string) => watched.page.goto(`${suite.ui.server.url}${path}`);

  it("tells a user how to publish one while there are none", async () => {
    const { page, problems } = watched;
    await go("/artifacts");
    await page.getByRole("heading", { name: "No artifacts yet" }).waitFor();
    await page.getByText('createMarkdownArtifact("# Sales report"').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  describe("published by a flow run", () => {
    const made = {} as Published;
    beforeAll(async () => {
      const { client } = suite.ui;
      const summarize = task(async function summarize(rows: { region: string; sales: number }[]) {
        return createTableArtifact(rows, { key: "sales-table", description: "Sales by region" });
      });
      const weeklyReport = flow(async function weeklyReport() {
        const first = await createMarkdownArtifact("# Sales so far\n\nNothing yet.", { key: "sales-report" });
        const latest = await createMarkdownArtifact(
          "# Weekly sales\n\nSee [the sales dashboard](https://example.com/sales).\n\n| region | total |\n|---|---|\n| EU | 120 |",
          { key: "sales-report", description: "Sales of the **week**\n\nMore below." },
        );
        const table = await summarize([
          { region: "EU", sales: 120 },
          { region: "US", sales: 95 },
        ]);
        const columns = await createTableArtifact({ city: ["Oslo", "Lima"], temp: [3, 19] }, { key: "weather" });
        const matrix = await createTableArtifact(
          [
            [1, 2],
            [3, 4],
          ],
          { key: "matrix" },
        );
        const progress = await createProgressArtifact(10, { key: "import-progress" });
        await updateProgressArtifact(progress, 42.5);
        const image = await createImageArtifact(PNG, { key: "daily-chart", description: "Daily chart of sales" });
        const link = await createLinkArtifact("https://example.com/report.pdf", {
          linkText: "Monthly report",
          key: "report-link",
        });
        const injection = await createMarkdownArtifact(INJECTION, { key: "injection" });
        return { first, latest, table, columns, matrix, progress, image, link, injection };
      });
      made.ids = await withClient(client, () => weeklyReport());
      const table = await client.readArtifact(made.ids.table);
      made.flowRunId = table.flowRunId ?? "";
      made.taskRunId = table.taskRunId ?? "";
      made.flowRunName = (await client.readFlowRun(made.flowRunId)).name ?? "";
      // A result artifact, as Prefect's engine makes one: any other type shows its data as JSON.
      made.result = (
        await client.createArtifact({
          key: "run-result",
          type: "result",
          data: { storage_key: "/results/weekly.json" },
          flowRunId: made.flowRunId,
        })
      ).id;
    });

    it("lists the latest artifact of each key with its run, filters by key and type, and sorts by key", async () => {
      const { page, problems } = watched;
      await go("/runs");
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Artifacts" }).click();
      const table = page.getByRole("table", { name: "Artifacts" });
      const report = table.locator('tr[data-artifact-key="sales-report"]');
      await report.waitFor();
      await page.getByText("1–9 of 9").waitFor();
      // Two versions of sales-report, one row: the latest, with its description's first line as plain text.
      expect(await table.locator('tr[data-artifact-key="sales-report"]').count()).toBe(1);
      expect(await report.textContent()).toContain("Sales of the week");
      const runLink = report.getByRole("link", { name: made.flowRunName });
      expect(await runLink.getAttribute("href")).toBe(`/runs/flow-run/${made.flowRunId}`);
      expect(await table.locator('tr[data-artifact-key="daily-chart"] [data-artifact-type]').textContent()).toBe(
        "image",
      );
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, "artifacts");

      await page.getByLabel("Key", { exact: true }).fill("sales");
      await page.getByText("1–2 of 2").waitFor();
      expect(page.url()).toContain("key=sales");
      await page.getByLabel("Type", { exact: true }).selectOption("table");
      await page.getByText("1–1 of 1").waitFor();
      expect(await table.locator("tbody tr").getAttribute("data-artifact-key")).toBe("sales-table");
      await page.getByLabel("Key", { exact: true }).fill("no-such-key");
      await page.getByRole("heading", { name: "No artifacts match" }).waitFor();

      await page.getByLabel("Key", { exact: true }).fill("");
      await page.getByLabel("Type", { exact: true }).selectOption("");
      await page.getByLabel("Sort", { exact: true }).selectOption("key");
      const keys = () => table.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.dataset.artifactKey));
      await expect
        .poll(keys)
        .toEqual([
          "daily-chart",
          "import-progress",
          "injection",
          "matrix",
          "report-link",
          "run-result",
          "sales-report",
          "sales-table",
          "weather",
        ]);
      expect(page.url()).toContain("sort=key");
      expect(problems).toEqual([]);
    });

    it("shows a key's latest version rendered and its versions, each with its own page", async () => {
      const { page, problems } = watched;
      await go("/artifacts");
      await page.getByRole("table", { name: "Artifacts" }).getByRole("link", { name: "sales-report" }).click();
      await page.getByRole("heading", { name: "sales-report", level: 1 }).waitFor();
      expect(page.url()).toContain("/artifacts/key/sales-report");
      // Markdown as elements: a heading, a link, a GFM table.
      const latest = page.locator(".panel", { has: page.getByRole("heading", { name: "Latest version" }) });
      await latest.getByRole("heading", { name: "Weekly sales" }).waitFor();
      const link = latest.getByRole("link", { name: "the sales dashboard" });
      expect(await link.getAttribute("href")).toBe("https://example.com/sales");
      expect(await latest.getByRole("cell", { name: "120" }).count()).toBe(1);
      // The description, rendered too.
      expect(await page.locator(".artifact-description strong").textContent()).toBe("week");
      const versions = page.getByRole("table", { name: "Versions" });
      await expect
        .poll(() => versions.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.dataset.artifactId)))
        .toEqual([made.ids.latest, made.ids.first]);
      expect(await versions.locator(`tr[data-artifact-id="${made.ids.latest}"]`).textContent()).toContain("latest");
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, "artifact-key");

      // Each version's created time links to its page.
      await versions.locator(`tr[data-artifact-id="${made.ids.first}"] td`).first().getByRole("link").click();
      await page.getByRole("heading", { name: "Sales so far" }).waitFor();
      expect(page.url()).toContain(`/artifacts/artifact/${made.ids.first}`);
      await page.getByText("An older version of sales-report.").waitFor();
      await page.getByRole("link", { name: "See the latest version" }).click();
      await page.getByRole("heading", { name: "Weekly sales" }).waitFor();
      expect(page.url()).toContain(`/artifacts/artifact/${made.ids.latest}`);
      expect(problems).toEqual([]);
    });

    it("renders tables of each shape, a progress bar, an image, a link and other data, with the artifact's facts", async () => {
      const { page, problems } = watched;
      // Rows as objects: a header from the keys; made by a task, so the task run is a fact too.
      await go(`/artifacts/artifact/${made.ids.table}`);
      const sales = page.getByRole("table", { name: "sales-table" });
      await sales.waitFor();
      const headers = await sales.getByRole("columnheader").allTextContents();
      expect(headers).toEqual(["region", "sales"]);
      expect(await sales.getByRole("row").nth(2).getByRole("cell").allTextContents()).toEqual(["US", "95"]);
      await page.getByText("Sales by region").waitFor();
      expect(await page.getByRole("link", { name: made.flowRunName }).getAttribute("href")).toBe(
        `/runs/flow-run/${made.flowRunId}`,
      );
      expect(await page.getByRole("link", { name: /^summarize/ }).getAttribute("href")).toBe(
        `/runs/task-run/${made.taskRunId}`,
      );
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, "artifact-table");

      // Columns as arrays: a header from the column names.
      await go(`/artifacts/artifact/${made.ids.columns}`);
      const weather = page.getByRole("table", { name: "weather" });
      await weather.waitFor();
      expect(await weather.getByRole("columnheader").allTextContents()).toEqual(["city", "temp"]);
      expect(await weather.getByRole("row").nth(2).getByRole("cell").allTextContents()).toEqual(["Lima", "19"]);
      // Rows as arrays: no header.
      await go(`/artifacts/artifact/${made.ids.matrix}`);
      const matrix = page.getByRole("table", { name: "matrix" });
      await matrix.waitFor();
      expect(await matrix.getByRole("columnheader").count()).toBe(0);
      expect(await matrix.getByRole("row").nth(1).getByRole("cell").allTextContents()).toEqual(["3", "4"]);

      // Progress: the bar at the updated value, and its percentage as text.
      await go(`/artifacts/artifact/${made.ids.progress}`);
      const bar = page.getByRole("progressbar", { name: "import-progress" });
      await bar.waitFor();
      expect(await bar.getAttribute("value")).toBe("42.5");
      await page.getByText("42.5%", { exact: true }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      // Image: its URL as the src, the description as alt text; it loads.
      await go(`/artifacts/artifact/${made.ids.image}`);
      const image = page.getByRole("img", { name: "Daily chart of sales" });
      await image.waitFor();
      expect(await image.getAttribute("src")).toBe(PNG);
      await expect.poll(() => image.evaluate((element) => Reflect.get(element, "naturalWidth"))).toBe(1);

      // A link artifact is markdown.
      await go(`/artifacts/artifact/${made.ids.link}`);
      const report = page.getByRole("link", { name: "Monthly report" });
      await report.waitFor();
      expect(await report.getAttribute("href")).toBe("https://example.com/report.pdf");

      // Another type: its data as JSON.
      await go(`/artifacts/artifact/${made.result}`);
      await page.getByLabel("run-result", { exact: true }).getByText('"/results/weekly.json"').waitFor();
      expect(problems).toEqual([]);
    });

    it("shows HTML in markdown as text and never runs it", async () => {
      const { page, problems } = watched;
      await go(`/artifacts/artifact/${made.ids.injection}`);
      const content = page.locator(".markdown");
      await content.locator("strong", { hasText: "bold" }).waitFor();
      expect(await content.textContent()).toContain('<img src=x onerror="window.__pwned = 1">');
      expect(await content.textContent()).toContain("<script>window.__pwned = 2</script>");
      expect(await content.locator("img, script").count()).toBe(0);
      expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
      expect(await seriousViolations(page)).toEqual([]);
      // No request for the injected image's "x" either (it would be a failed request or a 404 in `problems`).
      expect(problems).toEqual([]);
    });

    it("lists a flow run's and a task run's artifacts on their pages, and a live run's new one as it comes", async () => {
      const { client } = suite.ui;
      const { page, problems } = watched;
      await go(`/runs/flow-run/${made.flowRunId}`);
      const cards = page.getByRole("list", { name: "Artifacts" });
      await cards.getByRole("article", { name: "sales-table" }).waitFor();
      // Every artifact the run made, both versions of sales-report included, each rendered inline.
      await expect.poll(() => cards.getByRole("article").count()).toBe(10);
      const tableCard = cards.getByRole("article", { name: "sales-table" });
      expect(await tableCard.getByRole("cell", { name: "EU" }).count()).toBe(1);
      await cards.getByRole("article", { name: "import-progress" }).getByText("42.5%").waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, "flow-run-artifacts");
      await tableCard.getByRole("link", { name: "sales-table" }).click();
      await page.getByRole("table", { name: "sales-table" }).waitFor();
      expect(page.url()).toContain(`/artifacts/artifact/${made.ids.table}`);

      // The task run's page: the one artifact its task made.
      await go(`/runs/task-run/${made.taskRunId}`);
      const taskCards = page.getByRole("list", { name: "Artifacts" });
      await taskCards.getByRole("article", { name: "sales-table" }).waitFor();
      expect(await taskCards.getByRole("article").count()).toBe(1);

      // A running flow run's page shows an artifact made after it opened, without a reload.
      const liveFlow = await client.createFlow("live-report");
      const live = await client.createFlowRun({ flowId: liveFlow.id, name: "live-run", state: { type: "RUNNING" } });
      await go(`/runs/flow-run/${live.id}`);
      await page.getByText("No artifacts yet.").waitFor();
      await client.createArtifact({ type: "markdown", data: "## Halfway there", flowRunId: live.id });
      const liveCards = page.getByRole("list", { name: "Artifacts" });
      await liveCards.getByRole("heading", { name: "Halfway there" }).waitFor();
      expect(await liveCards.getByRole("article", { name: "Markdown artifact" }).count()).toBe(1);
      expect(problems).toEqual([]);
    });
  });
});
