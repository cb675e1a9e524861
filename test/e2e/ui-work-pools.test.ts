// Work pools in the dashboard, in Chromium (the seed 000 view): a new pool is Not ready, turns Ready once a worker
// heartbeats, with its worker's last heartbeat and its queue; a paused pool says so.
import { describe, expect, it } from "vitest";
import { openPage, screenshot, seriousViolations, useUiBrowser } from "./ui-browser.js";

describe("work pools in the dashboard", () => {
  const suite = useUiBrowser();

  it("shows a pool Not ready, then Ready once a worker heartbeats, with the worker and the queue", async () => {
    await suite.ui.client.createWorkPool({ name: "local", type: "process" });
    const { page, problems } = await openPage(suite.browser);
    await page.goto(`${suite.ui.server.url}/work-pools`);
    const row = page.getByRole("table", { name: "Work pools" }).locator('tr[data-pool="local"]');
    await row.locator('[data-status="NOT_READY"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "work-pools-not-ready");

    await suite.ui.client.sendWorkerHeartbeat("local", "worker-on-local");
    await suite.ui.client.getScheduledFlowRunsForWorkPool("local");
    await row.locator('[data-status="READY"]').waitFor();

    await row.getByRole("link", { name: "local" }).click();
    await page.locator("h1").locator('[data-status="READY"]').waitFor();
    const workers = page.getByRole("table", { name: "Workers" });
    await workers.getByText("worker-on-local").waitFor();
    await workers.locator('[data-status="ONLINE"]').waitFor();
    await workers.getByText(/seconds? ago|now/).waitFor();
    await page.getByRole("table", { name: "Work queues" }).getByText("default").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "work-pool");

    await suite.ui.client.updateWorkPool("local", { isPaused: true });
    await page.locator("h1").locator('[data-status="PAUSED"]').waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
