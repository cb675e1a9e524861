// A flow run's and a task run's pages in Chromium: the task runs as a timeline with a subflow run nested under its
// task run, logs by level, the task run's states, inputs, cache key and result reference; and Retry, Run again and
// Delete doing what they say against the server.
import { describe, expect, it } from "vitest";
import { ObjectNotFoundError } from "../../src/client/index.js";
import { waitFor } from "../../src/testing/index.js";
import { openPage, screenshot, seriousViolations, useUiBrowser } from "./ui-browser.js";

describe("a flow run in the dashboard", () => {
  const suite = useUiBrowser();

  it("shows the task runs as a timeline with a subflow nested, logs by level, and a task run's own page", async () => {
    const { client } = suite.ui;
    const flow = await client.createFlow("pipeline");
    const child = await client.createFlow("child-flow");
    const run = await client.createFlowRun({ flowId: flow.id, name: "timeline-run", state: { type: "RUNNING" } });
    const t0 = Date.now() - 60_000;
    const extract = await client.createTaskRun({
      flowRunId: run.id,
      taskKey: "extract",
      dynamicKey: "0",
      name: "extract-0",
      cacheKey: "extract-cache-2026",
      taskInputs: { source: [{ inputType: "parameter", name: "city" }] },
      state: { type: "RUNNING", stateDetails: {} },
    });
    await client.setTaskRunState(extract.id, {
      type: "COMPLETED",
      data: { storage_key: "/results/extract-0.json", serializer: { type: "json" } },
    });
    const spawn = await client.createTaskRun({
      flowRunId: run.id,
      taskKey: "child-flow",
      dynamicKey: "0",
      name: "child-flow-0",
      state: { type: "RUNNING" },
    });
    const subflow = await client.createFlowRun({
      flowId: child.id,
      name: "nested-child-run",
      parentTaskRunId: spawn.id,
      state: { type: "RUNNING" },
    });
    await client.createLogs([
      {
        name: "prefect.flow_runs",
        level: 20,
        message: "Extracted 42 rows",
        timestamp: new Date(t0),
        flowRunId: run.id,
      },
      {
        name: "prefect.flow_runs",
        level: 40,
        message: "Load failed once",
        timestamp: new Date(t0 + 1000),
        flowRunId: run.id,
      },
    ]);

    const { page, problems, close } = await openPage(suite.browser);
    await page.goto(`${suite.ui.server.url}/runs/flow-run/${run.id}`);
    const timeline = page.getByRole("list", { name: "Task runs timeline" });
    await timeline.getByText("extract-0").waitFor();
    await timeline.locator(`[data-timeline-id="${extract.id}"] .timeline-bar.state-completed`).waitFor();
    // The subflow run sits right under the task run that stands for it, indented.
    const rows = timeline.locator("li");
    await expect.poll(() => rows.count()).toBe(3);
    const ids = await rows.evaluateAll((items) => items.map((item) => item.getAttribute("data-timeline-id")));
    expect(ids.indexOf(subflow.id)).toBe(ids.indexOf(spawn.id) + 1);
    expect(await timeline.locator(`.timeline-nested[data-timeline-id="${subflow.id}"]`).textContent()).toContain(
      "nested-child-run",
    );

    const logs = page.getByLabel("Logs", { exact: true });
    await logs.getByText("Extracted 42 rows").waitFor();
    await page.getByLabel("Level", { exact: true }).selectOption("40");
    await expect.poll(() => logs.getByText("Extracted 42 rows").count()).toBe(0);
    await logs.getByText("Load failed once").waitFor();
    expect(await page.getByLabel("Follow").isChecked()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "flow-run-timeline");

    await timeline.getByRole("link", { name: "extract-0" }).click();
    await page.getByRole("heading", { name: /extract-0/ }).waitFor();
    expect(page.url()).toContain(`/runs/task-run/${extract.id}`);
    expect(await page.getByTestId("cache-key").textContent()).toBe("extract-cache-2026");
    await page.getByLabel("Inputs").getByText('"parameter"').waitFor();
    await page.getByLabel("Result reference").getByText("/results/extract-0.json").waitFor();
    await page.getByLabel("State history").locator('[data-state-type="COMPLETED"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "task-run");
    // The short address names the same page.
    await page.goto(`${suite.ui.server.url}/task-runs/${extract.id}`);
    await page.getByRole("heading", { name: /extract-0/ }).waitFor();
    expect(problems).toEqual([]);
    await close();
  });

  it("retries a failed deployment run, runs it again with the same parameters, and deletes a run after confirming", async () => {
    const { client } = suite.ui;
    const flow = await client.createFlow("greeter");
    const deployment = await client.createDeployment({
      flowId: flow.id,
      name: "hello",
      parameterOpenapiSchema: {
        title: "Parameters",
        type: "object",
        properties: { name: { title: "name", type: "string" } },
      },
    });
    const failed = await client.createFlowRunFromDeployment(deployment.id, { parameters: { name: "Trillian" } });
    await client.setFlowRunState(failed.id, { type: "FAILED" }, { force: true });

    const { page, problems, close } = await openPage(suite.browser);
    await page.goto(`${suite.ui.server.url}/runs/flow-run/${failed.id}`);
    await page.locator("h1").locator('[data-state-type="FAILED"]').waitFor();
    await page.getByRole("button", { name: "Retry" }).click();
    const retried = await waitFor(
      async () => {
        const current = await client.readFlowRun(failed.id);
        return current.state?.type === "SCHEDULED" ? current : undefined;
      },
      { timeoutMs: 30_000, message: "the run to be scheduled again from its page" },
    );
    expect(retried.state?.name).toBe("AwaitingRetry");
    await page.locator("h1").locator('[data-state-type="SCHEDULED"]').waitFor();
    await expect.poll(() => page.getByRole("button", { name: "Retry" }).count()).toBe(0);

    await page.getByRole("button", { name: "Run again" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/runs/flow-run/") && !url.pathname.endsWith(failed.id));
    const againId = page.url().split("/").at(-1) ?? "";
    const again = await client.readFlowRun(againId);
    expect(again.deploymentId).toBe(deployment.id);
    expect(again.parameters).toEqual({ name: "Trillian" });
    await page.getByRole("heading", { name: new RegExp(again.name ?? "") }).waitFor();

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("alertdialog", { name: "Delete this flow run?" });
    await dialog.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "flow-run-delete");
    await dialog.getByRole("button", { name: "Keep it" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await dialog.getByRole("button", { name: "Delete run" }).click();
    await page.waitForURL((url) => url.pathname === "/runs");
    await expect(client.readFlowRun(againId)).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect((await client.readFlowRun(failed.id)).id).toBe(failed.id);
    expect(problems).toEqual([]);
    await close();
  });
});
