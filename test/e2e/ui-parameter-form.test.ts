// The Custom run form against the schemas our derivation produces: from zod (parameterSchemaFromZod: an optional
// nested object and an optional date-time stay out of the run unless filled; defaults, enums and arrays arrive as
// typed) and from plain TypeScript parameters (parameterSchemaFromSource: required string and Date, integer, number,
// boolean, literal union, array, nested interface behind a $ref, defaults, JSDoc descriptions as help).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parameterSchemaFromZod } from "../../src/deploy/parameter-schema/from-zod.js";
import { parameterSchemaFromSource } from "../../src/deploy/parameter-schema/from-typescript.js";
import { ROOT } from "./cli-helpers.js";
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
    const { page, problems, close } = await openPage(suite.browser);
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
    await close();
  });

  it("renders a schema derived from TypeScript types: help, required marks, defaults, dates, enums, arrays, a nested interface", async () => {
    const schema = parameterSchemaFromSource({
      file: join(ROOT, "test/fixtures/ui/typed-report.ts"),
      exportName: "typedReport",
    });
    const flow = await suite.ui.client.createFlow("typed-report");
    const deployment = await suite.ui.client.createDeployment({
      name: "weekly",
      flowId: flow.id,
      parameterOpenapiSchema: schema as unknown as Record<string, unknown>,
      // A deployment's defaults, as serve() and deploy() store them.
      parameters: { pages: 3, ratio: 0.5, draft: false, format: "pdf", recipients: [], layout: { columns: 2 } },
    });
    const { page, problems, close } = await openPage(suite.browser);
    await page.goto(`${suite.ui.server.url}/deployments/deployment/${deployment.id}`);
    await page.getByRole("button", { name: "Custom run" }).click();
    const form = page.getByRole("region", { name: "Custom run" });
    // JSDoc descriptions are the fields' help; the parameters keep the function's order.
    await form.getByText("the report's title").waitFor();
    await form.getByText("the first day the report covers").waitFor();
    await form.getByText("how many pages at most").waitFor();
    const labels = await form.locator("label.control-label").allTextContents();
    expect(labels.slice(0, 4)).toEqual(["title*", "since*", "pages", "ratio"]);
    expect(await form.getByLabel("pages").inputValue()).toBe("3");
    expect(await form.getByLabel("ratio").inputValue()).toBe("0.5");
    expect(await form.getByLabel("format").locator("option:checked").textContent()).toBe("pdf");
    expect(await form.getByLabel("columns*").inputValue()).toBe("2");

    // Both required parameters are refused empty, on their fields, and nothing is sent.
    await form.getByRole("button", { name: "Submit run" }).click();
    await form.locator("#root_title__error").getByText("must have required property 'title'").waitFor();
    await form.locator("#root_since__error").getByText("must have required property 'since'").waitFor();
    expect(await suite.ui.client.countFlowRuns({ flowFilter: { id: { any_: [flow.id] } } })).toBe(0);

    await form.getByLabel("title*").fill("Weekly");
    await form.getByLabel("since*").fill("2026-05-01T10:00");
    await form.getByLabel("pages").fill("8");
    await form.getByLabel("ratio").fill("0.75");
    await form.getByLabel("draft").check();
    await form.getByLabel("format").selectOption("html");
    await form.getByRole("button", { name: "Add" }).click();
    await form.locator("#root_recipients_0").fill("ford@example.com");
    await form.getByLabel("columns*").fill("3");
    await form.getByLabel("landscape").check();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "deployment-form-typescript");
    await form.getByRole("button", { name: "Submit run" }).click();
    await page.waitForURL(/\/runs\/flow-run\//);
    const [run] = await suite.ui.client.readFlowRuns({ flowFilter: { id: { any_: [flow.id] } } });
    const { since, ...rest } = run?.parameters ?? {};
    // A date-time in the browser's zone, sent as an ISO instant (the same minute in UTC whatever that zone is).
    expect(new Date(String(since)).toISOString()).toBe(
      new Date(await page.evaluate(() => new Date("2026-05-01T10:00").toISOString())).toISOString(),
    );
    expect(rest).toEqual({
      title: "Weekly",
      pages: 8,
      ratio: 0.75,
      draft: true,
      format: "html",
      recipients: ["ford@example.com"],
      layout: { columns: 3, landscape: true },
    });
    expect(problems).toEqual([]);
    await close();
  });
});
