// Deployments in the dashboard, in Chromium: the seed 002 journey (a served deployment with a `name` parameter;
// Deployments -> Custom run -> name Trillian -> the run page shows Completed and "Hello Trillian!"), Quick run,
// pause/resume, schedules (pause, add with their next runs previewed in their time zone as they are typed and then
// scheduled by the server, edit, delete), the server's refusal of a Custom run shown on the field, and the run form
// generated from a parameter schema of every kind.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator } from "playwright-core";
import { nextScheduledTimes, validateSchedule, withScheduleDefaults } from "../../src/schedules/index.js";
import { waitFor } from "../../src/testing/index.js";
import { TS_RUN } from "../helpers/cli-entry.js";
import { cliEnv, ROOT } from "./cli-helpers.js";
import { openPage, screenshot, seriousViolations, startUiServer, type UiServer, sharedBrowser } from "./ui-browser.js";

/** The schedule form's preview in `zone` once it lists its 5 runs: their instants (ISO) and their lines. */
async function previewedRuns(form: Locator, zone: string): Promise<{ times: string[]; lines: string[] }> {
  const list = form.getByRole("list", { name: `Next runs in ${zone}` });
  await expect.poll(() => list.getByRole("listitem").count()).toBe(5);
  const times = await list.locator("time").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("datetime") ?? ""));
  return { times, lines: await list.getByRole("listitem").allTextContents() };
}

/** The message of the ScheduleError that src/schedules throws for `schedule`. */
function scheduleErrorOf(schedule: Parameters<typeof validateSchedule>[0]): string {
  try {
    validateSchedule(schedule);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(schedule)} is valid`);
}

describe("deployments in the dashboard", () => {
  let ui: UiServer;
  let browser: Browser;
  let served: ChildProcess;
  let output = "";
  beforeAll(async () => {
    [ui, browser] = await Promise.all([startUiServer(), sharedBrowser()]);
    served = spawn(process.execPath, [...TS_RUN, join(ROOT, "test/fixtures/ui/hello-served.ts")], {
      cwd: ROOT,
      env: cliEnv({ PREFECT_API_URL: ui.server.apiUrl, PREFECT_HOME: ui.home }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    served.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    served.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes("being served"), {
      timeoutMs: 60_000,
      message: `serve() to start (output: ${output})`,
    });
  }, 90_000);
  afterAll(async () => {
    if (served && served.exitCode === null) served.kill("SIGKILL");
    await ui?.close();
  });

  it("seed 002: Deployments -> Custom run -> name Trillian -> the run page shows Completed and the log line", async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(ui.server.url);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Deployments" }).click();
    const table = page.getByRole("table", { name: "Deployments" });
    await table.getByText("hello").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "deployments");
    await table.getByRole("link", { name: "greetings" }).click();

    await page.getByRole("button", { name: "Custom run" }).click();
    const form = page.getByRole("region", { name: "Custom run" });
    const name = form.getByLabel("name");
    expect(await name.inputValue()).toBe("world");
    await name.fill("Trillian");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "deployment-custom-run");
    await form.getByRole("button", { name: "Submit run" }).click();

    await page.waitForURL(/\/runs\/flow-run\//);
    await page.locator("h1").locator('[data-state-type="COMPLETED"]').waitFor({ timeout: 60_000 });
    await page.getByLabel("Logs").getByText("Hello Trillian!").waitFor({ timeout: 15_000 });
    await page.getByLabel("Parameters").getByText('"Trillian"').waitFor();
    await screenshot(page, "flow-run-completed");
    expect(problems).toEqual([]);
    await close();
  });

  it("Quick run starts a run with the deployment's defaults; Pause and Resume flip the deployment", async () => {
    const deployment = await ui.client.readDeploymentByName("hello/greetings");
    const { page, problems, close } = await openPage(browser);
    await page.goto(`${ui.server.url}/deployments/deployment/${deployment.id}`);
    await page.getByRole("button", { name: "Quick run" }).click();
    await page.waitForURL(/\/runs\/flow-run\//);
    await page.locator("h1").locator('[data-state-type="COMPLETED"]').waitFor({ timeout: 60_000 });
    await page.getByLabel("Logs").getByText("Hello world!").waitFor({ timeout: 15_000 });

    await page.goto(`${ui.server.url}/deployments/deployment/${deployment.id}`);
    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByRole("button", { name: "Resume" }).waitFor();
    expect((await ui.client.readDeployment(deployment.id)).paused).toBe(true);
    await page.locator("h1").locator('[data-status="PAUSED"]').waitFor();
    await page.getByRole("button", { name: "Resume" }).click();
    await page.getByRole("button", { name: "Pause" }).waitFor();
    expect((await ui.client.readDeployment(deployment.id)).paused).toBe(false);
    expect(problems).toEqual([]);
    await close();
  });

  it("pauses a schedule, adds one with its next runs previewed and shown in its time zone, edits and deletes it", async () => {
    const flow = await ui.client.createFlow("nightly-report");
    const deployment = await ui.client.createDeployment({
      name: "hourly",
      flowId: flow.id,
      schedules: [{ schedule: { interval: 3600, timezone: "UTC" } }],
    });
    const { page, problems, close } = await openPage(browser);
    await page.goto(`${ui.server.url}/deployments/deployment/${deployment.id}`);
    const panel = page.getByRole("region", { name: "Schedules" });
    const hourly = panel.getByRole("listitem", { name: "Every 3600 s (UTC)" });
    await expect
      .poll(() => hourly.getByRole("list", { name: "Next runs of Every 3600 s" }).getByRole("listitem").count(), {
        timeout: 30_000,
      })
      .toBe(3);

    await hourly.getByRole("button", { name: "Pause" }).click();
    await hourly.locator('[data-status="PAUSED"]').waitFor();
    await hourly.getByText("Paused: no runs are scheduled.").waitFor();
    expect((await ui.client.readDeploymentSchedules(deployment.id)).map((s) => s.active)).toEqual([false]);

    await panel.getByRole("button", { name: "Add schedule" }).click();
    const form = panel.getByRole("form", { name: "Add schedule" });
    // As it is typed, the form previews the next runs with the package's own schedule maths: the times that
    // src/schedules computes, as wall times of the schedule's zone whatever the browser's.
    const weekdays = { cron: "0 9 * * 1-5", timezone: "America/New_York" };
    const before = new Date();
    await form.getByLabel("Cron expression").fill(weekdays.cron);
    await form.getByLabel("Time zone").fill(weekdays.timezone);
    const inNewYork = await previewedRuns(form, "America/New_York");
    const expected = nextScheduledTimes(weekdays, { after: before, count: 5 }).map((t) => t.toISOString());
    expect(inNewYork.times).toEqual(expected);
    for (const line of inNewYork.lines) expect(line).toMatch(/^(Mon|Tue|Wed|Thu|Fri), .*09:00 AM E[SD]T$/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "deployment-schedule-preview");
    await form.getByLabel("Time zone").fill("Europe/Berlin");
    const inBerlin = await previewedRuns(form, "Europe/Berlin");
    const berlin = nextScheduledTimes({ ...weekdays, timezone: "Europe/Berlin" }, { after: before, count: 5 });
    expect(inBerlin.times).toEqual(berlin.map((t) => t.toISOString()));
    for (const line of inBerlin.lines) expect(line).toMatch(/09:00 AM GMT\+[12]$/);
    // An rrule without DTSTART is previewed with the one the server stores; an interval counts from when it is saved.
    await form.getByRole("radio", { name: "RRule" }).check();
    const mondays = { rrule: "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0", timezone: "Europe/Berlin" };
    await form.getByRole("textbox", { name: "RRule" }).fill(mondays.rrule);
    const stored = withScheduleDefaults(mondays, before);
    expect((await previewedRuns(form, "Europe/Berlin")).times).toEqual(
      nextScheduledTimes(stored, { after: before, count: 5 }).map((t) => t.toISOString()),
    );
    await form.getByRole("radio", { name: "Interval" }).check();
    await form.getByLabel("Interval (seconds)").fill("5400");
    await form.getByText("counting from when it is saved").waitFor();
    const steps = (await previewedRuns(form, "Europe/Berlin")).times.map(Date.parse);
    expect(steps.slice(1).map((t, i) => t - steps[i]!)).toEqual([5400_000, 5400_000, 5400_000, 5400_000]);
    await form.getByRole("radio", { name: "Cron" }).check();

    // A value that is not valid (yet): the schedule maths' own message, and no list.
    await form.getByLabel("Cron expression").fill("61 * * * *");
    await form.getByLabel("Time zone").fill("America/New_York");
    await form
      .getByText(scheduleErrorOf({ cron: "61 * * * *", timezone: "America/New_York" }), { exact: true })
      .waitFor();
    expect(await form.getByRole("list", { name: /^Next runs in/ }).count()).toBe(0);
    await screenshot(page, "deployment-schedule-preview-invalid");
    await form.getByRole("button", { name: "Add schedule" }).click();
    // The server checks the expression too and says how to fix it.
    await form
      .getByRole("alert")
      .getByText(/61 \* \* \* \*/)
      .waitFor();
    await form.getByLabel("Cron expression").fill(weekdays.cron);
    const previewed = await previewedRuns(form, "America/New_York");
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole("button", { name: "Add schedule" }).click();
    const cron = panel.getByRole("listitem", { name: "Cron 0 9 * * 1-5 (America/New_York)" });
    const next = cron.getByRole("list", { name: "Next runs of Cron 0 9 * * 1-5" }).getByRole("listitem");
    await expect.poll(() => next.count(), { timeout: 30_000 }).toBe(3);
    // The runs the server scheduled are the ones previewed, and read the same.
    expect(await next.allTextContents()).toEqual(previewed.lines.slice(0, 3));
    const saved = (await ui.client.readDeploymentSchedules(deployment.id)).find((s) => "cron" in s.schedule);
    const scheduled = (
      await ui.client.readFlowRuns({
        flowRunFilter: { deploymentId: { any_: [deployment.id] }, state: { type: { any_: ["SCHEDULED"] } } },
        sort: "EXPECTED_START_TIME_ASC",
      })
    )
      .filter((run) => saved !== undefined && run.idempotencyKey?.includes(saved.id))
      .map((run) => run.expectedStartTime?.toISOString());
    expect(scheduled.length).toBeGreaterThanOrEqual(3);
    const compared = Math.min(scheduled.length, previewed.times.length);
    expect(scheduled.slice(0, compared)).toEqual(previewed.times.slice(0, compared));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "deployment-schedules");

    await cron.getByRole("button", { name: "Edit" }).click();
    const edit = cron.getByRole("form", { name: "Edit schedule" });
    expect(await edit.getByLabel("Time zone").inputValue()).toBe("America/New_York");
    await edit.getByLabel("Cron expression").fill("30 9 * * *");
    expect((await previewedRuns(edit, "America/New_York")).lines[0]).toMatch(/09:30 AM E[SD]T/);
    await edit.getByRole("button", { name: "Save schedule" }).click();
    const edited = panel.getByRole("listitem", { name: "Cron 30 9 * * * (America/New_York)" });
    await expect
      .poll(() => edited.getByRole("list").getByRole("listitem").first().textContent(), { timeout: 30_000 })
      .toMatch(/09:30 AM E[SD]T/);
    await edited.getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => ui.client.readDeploymentSchedules(deployment.id).then((list) => list.length)).toBe(1);
    await edited.waitFor({ state: "detached" });
    // The list says what each deployment's schedules are, and which are paused.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Deployments" }).click();
    await page
      .getByRole("table", { name: "Deployments" })
      .getByRole("row", { name: /hourly/ })
      .getByText("Every 3600 s UTC (paused)")
      .waitFor();
    // The refused cron was the only request that failed (Chromium logs the refusal to the console as well).
    expect(problems.filter((p) => !/HTTP 422: POST .*\/schedules$|status of 422 \(Unprocessable/.test(p))).toEqual([]);
    await close();

    // On a phone, in dark mode.
    const phone = await openPage(browser, { colorScheme: "dark", width: 390 });
    await phone.page.goto(`${ui.server.url}/deployments/deployment/${deployment.id}`);
    await phone.page
      .getByRole("region", { name: "Schedules" })
      .getByRole("listitem", { name: "Every 3600 s (UTC)" })
      .waitFor();
    expect(await seriousViolations(phone.page)).toEqual([]);
    await screenshot(phone.page, "deployment-schedules-phone-dark");
    expect(phone.problems).toEqual([]);
    await phone.close();
  });

  it("Custom run: a value the server refuses shows the server's message on its field, and the run starts once fixed", async () => {
    const flow = await ui.client.createFlow("greeter");
    const schema = {
      title: "Parameters",
      type: "object",
      properties: { name: { type: "string", title: "name", position: 0 } },
      required: [],
    };
    const deployment = await ui.client.createDeployment({
      name: "strict",
      flowId: flow.id,
      parameters: { name: "world" },
      parameterOpenapiSchema: schema,
      enforceParameterSchema: true,
    });
    const { page, problems, close } = await openPage(browser);
    await page.goto(`${ui.server.url}/deployments/deployment/${deployment.id}`);
    await page.getByRole("button", { name: "Custom run" }).click();
    const form = page.getByRole("region", { name: "Custom run" });
    await form.getByLabel("name").fill("Trillian");
    // The deployment changes under the open form: names of at most 5 characters now. The browser's copy of the
    // schema still accepts "Trillian"; the server does not.
    await ui.client.updateDeployment(deployment.id, {
      parameterOpenapiSchema: {
        ...schema,
        properties: { name: { type: "string", title: "name", maxLength: 5, position: 0 } },
      },
    });
    await form.getByRole("button", { name: "Submit run" }).click();
    await form.locator("#root_name__error").getByText("'Trillian' is too long").waitFor();
    expect(await form.getByLabel("name").inputValue()).toBe("Trillian");
    expect(await ui.client.countFlowRuns({ flowFilter: { id: { any_: [flow.id] } } })).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "deployment-custom-run-refused");

    await form.getByLabel("name").fill("Zaph");
    await expect.poll(() => form.getByText("'Trillian' is too long").count()).toBe(0);
    await form.getByRole("button", { name: "Submit run" }).click();
    await page.waitForURL(/\/runs\/flow-run\//);
    const [run] = await ui.client.readFlowRuns({ flowFilter: { id: { any_: [flow.id] } } });
    expect(run?.parameters).toEqual({ name: "Zaph" });
    // The refused run was the only request that failed (Chromium logs each refusal to the console as well).
    expect(problems.filter((p) => !/HTTP 409: POST .*\/create_flow_run$|status of 409 \(Conflict\)/.test(p))).toEqual(
      [],
    );
    await close();
  });

  it("generates the run form from the schema: strings, numbers, integers, booleans, enums, arrays, nested objects, required, descriptions", async () => {
    const flow = await ui.client.createFlow("report");
    const deployment = await ui.client.createDeployment({
      name: "monthly",
      flowId: flow.id,
      parameterOpenapiSchema: {
        title: "Parameters",
        type: "object",
        properties: {
          title: { type: "string", title: "title", description: "the report's title", position: 0 },
          ratio: { type: "number", title: "ratio", default: 0.5, position: 1 },
          pages: { type: "integer", title: "pages", default: 3, position: 2 },
          draft: { type: "boolean", title: "draft", default: false, position: 3 },
          format: { type: "string", title: "format", enum: ["pdf", "html"], default: "pdf", position: 4 },
          recipients: { type: "array", title: "recipients", items: { type: "string" }, default: [], position: 5 },
          layout: {
            type: "object",
            title: "layout",
            properties: { columns: { type: "integer", title: "columns", default: 2 } },
            position: 6,
          },
        },
        required: ["title"],
      },
    });
    const { page, problems, close } = await openPage(browser);
    await page.goto(`${ui.server.url}/deployments/deployment/${deployment.id}`);
    await page.getByRole("button", { name: "Custom run" }).click();
    const form = page.getByRole("region", { name: "Custom run" });
    await form.getByText("the report's title").waitFor();
    expect(await form.getByLabel("ratio").inputValue()).toBe("0.5");
    expect(await form.getByLabel("pages").inputValue()).toBe("3");
    await form.getByRole("button", { name: "Submit run" }).click();
    // `title` is required: the form says so on the field and sends nothing.
    await form.getByText("must have required property 'title'").waitFor();
    expect(await ui.client.countFlowRuns({ flowFilter: { id: { any_: [flow.id] } } })).toBe(0);

    await form.getByLabel("title*").fill("May");
    await expect.poll(() => form.getByText("must have required property 'title'").count()).toBe(0);
    await form.getByLabel("pages").fill("12");
    await form.getByLabel("draft").check();
    await form.getByLabel("format").selectOption("html");
    await form.getByRole("button", { name: "Add" }).click();
    await form.locator("#root_recipients_0").fill("arthur@example.com");
    await form.getByLabel("columns").fill("3");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "deployment-form-kinds");
    await form.getByRole("button", { name: "Submit run" }).click();
    await page.waitForURL(/\/runs\/flow-run\//);
    const [run] = await ui.client.readFlowRuns({ flowFilter: { id: { any_: [flow.id] } } });
    expect(run?.parameters).toEqual({
      title: "May",
      ratio: 0.5,
      pages: 12,
      draft: true,
      format: "html",
      recipients: ["arthur@example.com"],
      layout: { columns: 3 },
    });
    expect(problems).toEqual([]);
    await close();
  });
});
