// The Custom run form against a schema our zod derivation produces (parameterSchemaFromZod): an optional nested
// object and an optional date-time stay out of the run unless filled; defaults, enums and arrays arrive as typed.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parameterSchemaFromZod } from "../../src/deploy/parameter-schema/from-zod.js";
import { openPage, screenshot, seriousViolations, useUiBrowser } from "./ui-browser.js";

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
  const suite = useUiBrowser();

  it("submits the filled fields and the defaults, leaving unfilled optional objects out", async () => {
    const flow = await suite.ui.client.createFlow("forecast");
    const deployment = await suite.ui.client.createDeployment({
      name: "daily",
      flowId: flow.id,
      parameterOpenapiSchema: parameterSchemaFromZod(Forecast) as unknown as Record<string, unknown>,
    });
    const { page, problems } = await openPage(suite.browser);
    await page.goto(`${suite.ui.server.url}/deployments/deployment/${deployment.id}`);
    await page.getByRole("button", { name: "Custom run" }).click();
    const form = page.getByRole("region", { name: "Custom run" });
    await form.getByText("the city").waitFor();
    await form.getByLabel("city*").fill("Lisbon");
    await form.getByLabel("days").fill("7");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "deployment-form-zod");
    await form.getByRole("button", { name: "Submit run" }).click();
    await page.waitForURL(/\/runs\/flow-run\//);
    const [run] = await suite.ui.client.readFlowRuns({ flowFilter: { id: { any_: [flow.id] } } });
    expect(run?.parameters).toEqual({ city: "Lisbon", days: 7, units: "metric", alerts: false, stations: [] });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
