// The Custom run form against a schema our zod derivation produces (parameterSchemaFromZod): an optional nested
// object and an optional date-time stay out of the run unless filled; defaults, enums and arrays arrive as typed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { z } from "zod";
import { parameterSchemaFromZod } from "../../src/deploy/parameter-schema/from-zod.js";
import { launchChromium, openPage, screenshot, seriousViolations, startUiServer, type UiServer } from "./ui-browser.js";

const Forecast = z.object({
  city: z.string().describe("the city"),
  days: z.number().int().min(1).max(14).default(5),
  units: z.enum(["metric", "imperial"]).default("metric"),
  alerts: z.boolean().default(false),
  stations: z.array(z.string()).default([]),
  window: z.object({ from: z.string(), to: z.string() }).optional(),
  when: z.iso.datetime().optional(),
});

describe("the Custom run form with a zod-derived schema", () => {
  let ui: UiServer;
  let browser: Browser;
  beforeAll(async () => {
    [ui, browser] = await Promise.all([startUiServer(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.close();
  });

  it("submits the filled fields and the defaults, leaving unfilled optional objects out", async () => {
    const flow = await ui.client.createFlow("forecast");
    const deployment = await ui.client.createDeployment({
      name: "daily",
      flowId: flow.id,
      parameterOpenapiSchema: parameterSchemaFromZod(Forecast) as unknown as Record<string, unknown>,
    });
    const { page, problems } = await openPage(browser);
    await page.goto(`${ui.server.url}/deployments/deployment/${deployment.id}`);
    await page.getByRole("button", { name: "Custom run" }).click();
    const form = page.getByRole("region", { name: "Custom run" });
    await form.getByText("the city").waitFor();
    await form.getByLabel("city*").fill("Lisbon");
    await form.getByLabel("days").fill("7");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "deployment-form-zod");
    await form.getByRole("button", { name: "Submit run" }).click();
    await page.waitForURL(/\/runs\/flow-run\//);
    const [run] = await ui.client.readFlowRuns({ flowFilter: { id: { any_: [flow.id] } } });
    expect(run?.parameters).toEqual({ city: "Lisbon", days: 7, units: "metric", alerts: false, stations: [] });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
