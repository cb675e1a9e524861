// Work pools in the dashboard, in Chromium (the seed 000 view): a new pool is Not ready, turns Ready once a worker
// heartbeats, with its worker's last heartbeat and its queue healthy; a paused pool says so. Creating a pool from the
// dashboard (type picker, the type's default base job template), pause/resume, its limit, its template's defaults.
import { describe, expect, it } from "vitest";
import { workerType } from "../../src/worker/worker-types.js";
import { openPage, screenshot, seriousViolations, useUiBrowser } from "./ui-browser.js";

describe("work pools in the dashboard", () => {
  const suite = useUiBrowser();

  it("shows a pool Not ready, then Ready once a worker heartbeats, with the worker and the queue", async () => {
    await suite.ui.client.createWorkPool({ name: "local", type: "process" });
    const { page, problems, close } = await openPage(suite.browser);
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
    const queue = page.getByRole("table", { name: "Work queues" }).getByRole("row", { name: /default/ });
    await queue.locator('[data-status="READY"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "work-pool");

    await suite.ui.client.updateWorkPool("local", { isPaused: true });
    await page.locator("h1").locator('[data-status="PAUSED"]').waitFor();
    expect(problems).toEqual([]);
    await close();
  });

  it("creates a pool from the dashboard with its type's default template; pause, resume, limit and template defaults", async () => {
    const { page, problems, close } = await openPage(suite.browser);
    await page.goto(`${suite.ui.server.url}/work-pools`);
    await page.getByRole("button", { name: "Create work pool" }).click();
    const panel = page.getByRole("region", { name: "Create work pool" });
    await panel.getByLabel("Name").fill("containers");
    await panel.getByRole("radio", { name: /^Docker docker/ }).check();
    await panel.getByLabel("Concurrency limit").fill("4");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "work-pool-create");
    await panel.getByRole("button", { name: "Create" }).click();

    await page.waitForURL(/\/work-pools\/work-pool\/containers$/);
    await page.locator("h1").locator('[data-status="NOT_READY"]').waitFor();
    const pool = await suite.ui.client.readWorkPool("containers");
    expect(pool).toMatchObject({ type: "docker", concurrencyLimit: 4, isPaused: false });
    // The template `prefect-ts work-pool create --type docker` gives a pool.
    expect(pool.baseJobTemplate).toEqual(workerType("docker")?.baseJobTemplate());

    await page.getByRole("button", { name: "Pause" }).click();
    await page.locator("h1").locator('[data-status="PAUSED"]').waitFor();
    expect((await suite.ui.client.readWorkPool("containers")).isPaused).toBe(true);
    await page.getByRole("button", { name: "Resume" }).click();
    await page.locator("h1").locator('[data-status="NOT_READY"]').waitFor();

    const limit = page.getByRole("form", { name: "Concurrency limit" });
    await limit.getByLabel("New concurrency limit").fill("2");
    await limit.getByRole("button", { name: "Set" }).click();
    await limit.locator('[data-limit="2"]').waitFor();
    await limit.getByRole("button", { name: "Clear" }).click();
    await limit.locator('[data-limit="none"]').waitFor();
    expect((await suite.ui.client.readWorkPool("containers")).concurrencyLimit).toBeNull();

    const template = page.getByRole("region", { name: "Base job template" });
    await template.getByLabel("Image", { exact: true }).fill("node:20-slim");
    await template.getByLabel("Auto Remove").check();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "work-pool-template");
    await template.getByRole("button", { name: "Save defaults" }).click();
    await template.getByRole("status").getByText("Defaults saved.").waitFor();
    const saved = (await suite.ui.client.readWorkPool("containers")).baseJobTemplate as {
      variables: { properties: Record<string, { default?: unknown }> };
    };
    expect(saved.variables.properties.image?.default).toBe("node:20-slim");
    expect(saved.variables.properties.auto_remove?.default).toBe(true);
    expect(saved.variables.properties.stream_output?.default).toBe(true);
    expect(problems).toEqual([]);
    await close();

    // On a phone, in dark mode.
    const phone = await openPage(suite.browser, { colorScheme: "dark", width: 390 });
    await phone.page.goto(`${suite.ui.server.url}/work-pools/work-pool/containers`);
    await phone.page.getByRole("region", { name: "Base job template" }).getByLabel("Image", { exact: true }).waitFor();
    expect(await seriousViolations(phone.page)).toEqual([]);
    await screenshot(phone.page, "work-pool-phone-dark");
    expect(phone.problems).toEqual([]);
    await phone.close();
  });

  it("serves the worker types as Prefect's aggregate-worker-metadata view; another view is a 404", async () => {
    const metadata = await suite.ui.client.readWorkerMetadata();
    expect(Object.keys(metadata).sort()).toEqual(["prefect", "prefect-docker"]);
    expect(metadata.prefect?.process).toMatchObject({
      type: "process",
      display_name: "Process",
      default_base_job_configuration: workerType("process")?.baseJobTemplate(),
    });
    expect(metadata.prefect?.["prefect:managed"]).toMatchObject({ type: "prefect:managed" });
    expect(metadata["prefect-docker"]?.docker).toMatchObject({ type: "docker" });
    const missing = await fetch(`${suite.ui.server.apiUrl}/collections/views/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ detail: "View nothing not found in registry" });
  });
});
