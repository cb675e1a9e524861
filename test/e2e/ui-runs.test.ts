// The runs page and a flow run's page in Chromium: newest first with state, flow, tags and duration; server-side
// pages and filters kept in the address, with a histogram; a new run and a state change show without a reload; a
// run's states, parameters, task runs and logs; Cancel.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { waitFor } from "../../src/testing/index.js";
import { openPage, screenshot, seriousViolations, startUiServer, type UiServer, sharedBrowser } from "./ui-browser.js";

describe("runs in the dashboard", () => {
  let ui: UiServer;
  let browser: Browser;
  let flowId: string;
  beforeAll(async () => {
    [ui, browser] = await Promise.all([startUiServer(), sharedBrowser()]);
    flowId = (await ui.client.createFlow("etl")).id;
  });
  afterAll(async () => {
    await ui?.close();
  });

  it("lists runs newest first, pages on the server, and shows a new run and a state change without a reload", async () => {
    for (let i = 0; i < 26; i++) {
      await ui.client.createFlowRun({ flowId, name: `old-run-${i}`, state: { type: "COMPLETED" }, tags: ["nightly"] });
    }
    const { page, problems, close } = await openPage(browser);
    // What the page hears on the events websocket: a state change re-reads the page at once (ui/src/live-events.ts).
    const heard: string[] = [];
    page.on("websocket", (socket) => socket.on("framereceived", ({ payload }) => heard.push(String(payload))));
    await page.goto(`${ui.server.url}/runs`);
    const table = page.getByRole("table", { name: "Flow runs" });
    await table.waitFor();
    await page.getByText("1–25 of 26").waitFor();
    expect(await table.locator("tbody tr").count()).toBe(25);
    await expect.poll(() => table.locator("tbody tr").first().textContent()).toContain("etl");

    const fresh = await ui.client.createFlowRun({
      flowId,
      name: "fresh-run",
      state: { type: "RUNNING" },
      tags: ["adhoc"],
    });
    const row = table.locator(`tr[data-run-id="${fresh.id}"]`);
    await row.waitFor();
    expect(await table.locator("tbody tr").first().getAttribute("data-run-id")).toBe(fresh.id);
    await row.locator('[data-state-type="RUNNING"]').waitFor();
    expect(await row.textContent()).toContain("adhoc");
    await page.getByText("1–25 of 27").waitFor();

    await ui.client.setFlowRunState(fresh.id, { type: "COMPLETED" });
    await row.locator('[data-state-type="COMPLETED"]').waitFor();
    await expect
      .poll(() => heard.some((frame) => frame.includes("prefect.flow-run.Completed") && frame.includes(fresh.id)))
      .toBe(true);
    await screenshot(page, "runs");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Next" }).click();
    await page.getByText("26–27 of 27").waitFor();
    await expect.poll(() => table.locator("tbody tr").count()).toBe(2);

    // Filtered by state on the server, kept in the address; a run reaching the state joins the list live.
    await ui.client.setFlowRunState(fresh.id, { type: "FAILED" }, { force: true });
    await page.getByLabel("State", { exact: true }).selectOption("FAILED");
    await page.getByText("1–1 of 1").waitFor();
    expect(page.url()).toContain("state=FAILED");
    expect(await table.locator("tbody tr").count()).toBe(1);
    const late = await ui.client.createFlowRun({ flowId, name: "late-failure", state: { type: "FAILED" } });
    await table.locator(`tr[data-run-id="${late.id}"]`).waitFor();
    await page.getByText("1–2 of 2").waitFor();
    expect(problems).toEqual([]);
    await close();
  });

  it("filters by flow, deployment, work pool, tag and time range on the server, keeps the view in the address, and charts it", async () => {
    const { client } = ui;
    const report = await client.createFlow("report");
    await client.createWorkPool({ name: "filter-pool", type: "process" });
    const deployment = await client.createDeployment({
      flowId: report.id,
      name: "weekly",
      workPoolName: "filter-pool",
    });
    const pooled = await client.createFlowRunFromDeployment(deployment.id, { tags: ["finance"] });
    await client.createFlowRun({
      flowId: report.id,
      name: "report-adhoc",
      state: { type: "COMPLETED" },
      tags: ["finance"],
    });
    const old = await client.createFlowRun({
      flowId: report.id,
      name: "report-last-month",
      state: { type: "SCHEDULED", stateDetails: { scheduledTime: new Date(Date.now() - 20 * 86_400_000) } },
    });

    const { page, problems, close } = await openPage(browser);
    await page.goto(`${ui.server.url}/runs`);
    const table = page.getByRole("table", { name: "Flow runs" });
    await table.locator("tbody tr").first().waitFor();
    // The histogram counts the same runs as the list (the past 7 days by default: not the month-old run).
    const total = await client.countFlowRuns({
      flowRunFilter: { expectedStartTime: { after_: new Date(Date.now() - 7 * 86_400_000) } },
    });
    await page.locator(`figure.run-histogram[data-total="${total}"]`).waitFor();

    await page.getByLabel("Flow", { exact: true }).selectOption("report");
    await page.getByText("1–2 of 2").waitFor();
    expect(page.url()).toContain("flow=report");
    await page.locator('figure.run-histogram[data-total="2"]').waitFor();
    await page.getByLabel("Time", { exact: true }).selectOption("all");
    await page.getByText("1–3 of 3").waitFor();
    await table.locator(`tr[data-run-id="${old.id}"]`).waitFor();

    await page.getByLabel("Deployment", { exact: true }).selectOption(deployment.id);
    await page.getByText("1–1 of 1").waitFor();
    expect(await table.locator("tbody tr").first().getAttribute("data-run-id")).toBe(pooled.id);
    await page.getByLabel("Deployment", { exact: true }).selectOption("");
    await page.getByLabel("Work pool", { exact: true }).selectOption("filter-pool");
    await page.getByText("1–1 of 1").waitFor();
    await page.getByLabel("Work pool", { exact: true }).selectOption("");
    const tag = page.getByLabel("Tag", { exact: true });
    await tag.fill("finance");
    await tag.press("Enter");
    await page.getByText("1–2 of 2").waitFor();
    expect(page.url()).toMatch(/tag=finance/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "runs-filtered");

    // A link reproduces the view.
    const link = page.url();
    const second = await openPage(browser);
    await second.page.goto(link);
    await second.page.getByText("1–2 of 2").waitFor();
    expect(await second.page.getByLabel("Flow", { exact: true }).inputValue()).toBe("report");
    expect(await second.page.getByLabel("Tag", { exact: true }).inputValue()).toBe("finance");
    expect([...problems, ...second.problems]).toEqual([]);
    await second.close();
    await close();
  });

  it("reads in the dark scheme and on a phone-sized screen, with no serious axe violation", async () => {
    const { page, problems, close } = await openPage(browser, { colorScheme: "dark", width: 390 });
    await page.goto(`${ui.server.url}/runs`);
    await page.getByRole("table", { name: "Flow runs" }).locator("tbody tr").first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "runs-dark-phone");
    expect(problems).toEqual([]);
    await close();
  });

  it("shows a flow run's states, parameters, task runs and logs, and cancels it from its page", async () => {
    const run = await ui.client.createFlowRun({
      flowId,
      name: "cancel-me",
      parameters: { city: "Magrathea", count: 42 },
      state: { type: "RUNNING" },
    });
    await ui.client.createTaskRun({
      flowRunId: run.id,
      taskKey: "extract",
      dynamicKey: "0",
      name: "extract-0",
      state: { type: "COMPLETED" },
    });
    await ui.client.createLogs([
      { name: "prefect.flow_runs", level: 20, message: "Hello Magrathea!", timestamp: new Date(), flowRunId: run.id },
    ]);

    const { page, problems, close } = await openPage(browser);
    await page.goto(`${ui.server.url}/runs/flow-run/${run.id}`);
    await page.getByRole("heading", { name: /cancel-me/ }).waitFor();
    await page.getByLabel("Parameters").getByText('"Magrathea"').waitFor();
    await page.getByRole("list", { name: "Task runs timeline" }).getByText("extract-0").waitFor();
    await page.getByLabel("Logs").getByText("Hello Magrathea!").waitFor();
    await page.getByLabel("State history").locator('[data-state-type="RUNNING"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "flow-run");

    await page.getByRole("button", { name: "Cancel" }).click();
    await waitFor(
      async () => {
        const current = await ui.client.readFlowRun(run.id);
        return ["CANCELLING", "CANCELLED"].includes(current.state?.type ?? "") ? current : undefined;
      },
      { timeoutMs: 30_000, message: "the run to be cancelled from its page" },
    );
    // Cancelling may already have become Cancelled by the time the page polls.
    await page.locator("h1").locator('[data-state-type="CANCELLING"], [data-state-type="CANCELLED"]').waitFor();
    await expect.poll(() => page.getByRole("button", { name: "Cancel" }).count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });
});
