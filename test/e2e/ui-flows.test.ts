// The flows pages in Chromium: the list (name, created, run count, latest run) reached from the navigation, and a
// flow's page with its deployments, a histogram and its recent runs, live.
import { describe, expect, it } from "vitest";
import { openPage, screenshot, seriousViolations, useUiBrowser } from "./ui-browser.js";

describe("flows in the dashboard", () => {
  const suite = useUiBrowser();

  it("the accessibility check finds what it exists to find: low contrast and an image without text", async () => {
    // Every dashboard test expects seriousViolations() to be empty; this shows an empty list is a verdict, not silence.
    const { page, close } = await openPage(suite.browser);
    await page.setContent(
      '<html lang="en"><title>t</title><main><p style="color:#bbb;background:#fff">faint</p><img src="x.png"></main></html>',
    );
    const found = await seriousViolations(page);
    expect(found.map((line) => line.split(":")[0]).sort()).toEqual(["color-contrast", "image-alt"]);
    expect(found.find((line) => line.startsWith("image-alt"))).toContain("1 nodes: img");
    await close();
  });

  it("lists flows with their run count and latest run, and shows a flow's deployments and recent runs", async () => {
    const { client } = suite.ui;
    const etl = await client.createFlow("etl-flow");
    await client.createFlow("idle-flow");
    const deployment = await client.createDeployment({ flowId: etl.id, name: "etl-nightly" });
    await client.createFlowRun({ flowId: etl.id, name: "etl-first", state: { type: "COMPLETED" } });
    const latest = await client.createFlowRun({ flowId: etl.id, name: "etl-latest", state: { type: "FAILED" } });

    const { page, problems, close } = await openPage(suite.browser);
    await page.goto(`${suite.ui.server.url}/runs`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Flows" }).click();
    const table = page.getByRole("table", { name: "Flows" });
    const row = table.locator(`tr[data-flow-id="${etl.id}"]`);
    await row.getByText("etl-latest").waitFor();
    expect(await row.locator("td").nth(2).textContent()).toBe("2");
    await row.locator('[data-state-type="FAILED"]').waitFor();
    await table.getByText("idle-flow").waitFor();
    await table.getByText("No runs").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "flows");

    await row.getByRole("link", { name: "etl-flow" }).click();
    await page.getByRole("heading", { name: "etl-flow" }).waitFor();
    await page.getByRole("list", { name: "Deployments" }).getByRole("link", { name: "etl-nightly" }).waitFor();
    const runs = page.getByRole("table", { name: "Recent runs" });
    await runs.locator(`tr[data-run-id="${latest.id}"]`).waitFor();
    await page.locator('figure.run-histogram[data-total="2"]').waitFor();
    // Live: a new run of the flow shows without a reload.
    const fresh = await client.createFlowRun({ flowId: etl.id, name: "etl-fresh", state: { type: "RUNNING" } });
    await runs.locator(`tr[data-run-id="${fresh.id}"]`).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "flow");
    expect(deployment.flowId).toBe(etl.id);
    expect(problems).toEqual([]);
    await close();
  });
});
