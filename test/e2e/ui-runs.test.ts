// The runs page and a flow run's page in Chromium: newest first with state, flow, tags and duration; server-side
// pages; a new run and a state change show without a reload; a run's states, parameters, task runs and logs; Cancel.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { waitFor } from "../../src/testing/index.js";
import { launchChromium, openPage, screenshot, seriousViolations, startUiServer, type UiServer } from "./ui-browser.js";

describe("runs in the dashboard", () => {
  let ui: UiServer;
  let browser: Browser;
  let flowId: string;
  beforeAll(async () => {
    [ui, browser] = await Promise.all([startUiServer(), launchChromium()]);
    flowId = (await ui.client.createFlow("etl")).id;
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.close();
  });

  it("lists runs newest first, pages on the server, and shows a new run and a state change without a reload", async () => {
    for (let i = 0; i < 26; i++) {
      await ui.client.createFlowRun({ flowId, name: `old-run-${i}`, state: { type: "COMPLETED" }, tags: ["nightly"] });
    }
    const { page, problems } = await openPage(browser);
    await page.goto(`${ui.server.url}/runs`);
    const table = page.getByRole("table", { name: "Flow runs" });
    await table.waitFor();
    await page.getByText("1–25 of 26").waitFor();
    expect(await table.locator("tbody tr").count()).toBe(25);
    await expect.poll(() => table.locator("tbody tr").first().textContent()).toContain("etl");

    const fresh = await ui.client.createFlowRun({ flowId, name: "fresh-run", state: { type: "RUNNING" }, tags: ["adhoc"] });
    const row = table.locator(`tr[data-run-id="${fresh.id}"]`);
    await row.waitFor();
    expect(await table.locator("tbody tr").first().getAttribute("data-run-id")).toBe(fresh.id);
    await row.locator('[data-state-type="RUNNING"]').waitFor();
    expect(await row.textContent()).toContain("adhoc");
    await page.getByText("1–25 of 27").waitFor();

    await ui.client.setFlowRunState(fresh.id, { type: "COMPLETED" });
    await row.locator('[data-state-type="COMPLETED"]').waitFor();
    await screenshot(page, "runs");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Next" }).click();
    await page.getByText("26–27 of 27").waitFor();
    await expect.poll(() => table.locator("tbody tr").count()).toBe(2);

    // Filtered by state on the server, kept in the address; a run reaching the state joins the list live.
    await ui.client.setFlowRunState(fresh.id, { type: "FAILED" }, { force: true });
    await page.getByLabel("State").selectOption("FAILED");
    await page.getByText("1–1 of 1").waitFor();
    expect(page.url()).toContain("state=FAILED");
    expect(await table.locator("tbody tr").count()).toBe(1);
    const late = await ui.client.createFlowRun({ flowId, name: "late-failure", state: { type: "FAILED" } });
    await table.locator(`tr[data-run-id="${late.id}"]`).waitFor();
    await page.getByText("1–2 of 2").waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("reads in the dark scheme and on a phone-sized screen, with no serious axe violation", async () => {
    const { page, problems } = await openPage(browser, { colorScheme: "dark", width: 390 });
    await page.goto(`${ui.server.url}/runs`);
    await page.getByRole("table", { name: "Flow runs" }).locator("tbody tr").first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "runs-dark-phone");
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("shows a flow run's states, parameters, task runs and logs, and cancels it from its page", async () => {
    const run = await ui.client.createFlowRun({ flowId, name: "cancel-me", parameters: { city: "Magrathea", count: 42 }, state: { type: "RUNNING" } });
    await ui.client.createTaskRun({ flowRunId: run.id, taskKey: "extract", dynamicKey: "0", name: "extract-0", state: { type: "COMPLETED" } });
    await ui.client.createLogs([{ name: "prefect.flow_runs", level: 20, message: "Hello Magrathea!", timestamp: new Date(), flowRunId: run.id }]);

    const { page, problems } = await openPage(browser);
    await page.goto(`${ui.server.url}/runs/flow-run/${run.id}`);
    await page.getByRole("heading", { name: /cancel-me/ }).waitFor();
    await page.getByLabel("Parameters").getByText('"Magrathea"').waitFor();
    await page.getByRole("table", { name: "Task runs" }).getByText("extract-0").waitFor();
    await page.getByLabel("Logs").getByText("Hello Magrathea!").waitFor();
    await page.getByLabel("State history").locator('[data-state-type="RUNNING"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "flow-run");

    await page.getByRole("button", { name: "Cancel" }).click();
    await waitFor(async () => {
      const current = await ui.client.readFlowRun(run.id);
      return ["CANCELLING", "CANCELLED"].includes(current.state?.type ?? "") ? current : undefined;
    }, { timeoutMs: 30_000, message: "the run to be cancelled from its page" });
    // Cancelling may already have become Cancelled by the time the page polls.
    await page.locator("h1").locator('[data-state-type="CANCELLING"], [data-state-type="CANCELLED"]').waitFor();
    await expect.poll(() => page.getByRole("button", { name: "Cancel" }).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
