// Browser harness of the dashboard tests: a real server (startServer on a free port, temp database) serving the
// built dashboard, Debian's Chromium driven by playwright-core, console errors and failed requests collected, axe-core
// checks (axe-core run in the page), and screenshots under test-artifacts/ui (gitignored) to look at.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import type { Browser, BrowserContext, ConsoleMessage, Page, Request, Response } from "playwright-core";
import { launchChromium } from "../helpers/chromium.js";
import { PrefectClient } from "../../src/client/index.js";
import { startServer, type RunningServer, type StartServerOptions } from "../../src/server/index.js";
import { collectionViews } from "../../src/worker/worker-metadata.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
/** Where screenshots go (gitignored). */
export const ARTIFACTS = join(repo, "test-artifacts", "ui");

export { launchChromium };

/** A server serving the dashboard, with a client on its API. */
export interface UiServer {
  readonly server: RunningServer;
  readonly client: PrefectClient;
  readonly home: string;
  close(): Promise<void>;
}

/** Starts a server on a temp database with the dashboard (built by `npm run build:ui`). */
export async function startUiServer(options: Partial<StartServerOptions> = {}): Promise<UiServer> {
  if (!existsSync(join(repo, "dist", "ui", "index.html"))) {
    throw new Error("The dashboard is not built: run `npm run build:ui` (npm run build does it too).");
  }
  const home = await mkdtemp(join(tmpdir(), "prefect-ts-ui-"));
  // As `server start` does: the worker types and their default job templates, for the work pool form.
  const server = await startServer({
    host: "127.0.0.1",
    port: 0,
    dbPath: join(home, "prefect.db"),
    collectionViews: collectionViews(),
    ...options,
  });
  const client = new PrefectClient({
    apiUrl: server.apiUrl,
    ...(options.authString ? { authString: options.authString } : {}),
  });
  return {
    server,
    client,
    home,
    close: async () => {
      await server.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** A page that records console errors, uncaught errors and failed requests. */
export interface WatchedPage {
  readonly page: Page;
  /** Everything that went wrong so far, one line each. */
  readonly problems: string[];
  /** Done with the page: its tab goes back to the worker's pool (see {@link openPage}), or is closed if it broke. */
  close(): Promise<void>;
}

let browserOnce: Promise<Browser> | undefined;

/**
 * The Chromium of this test worker: launched by the first dashboard file it runs and kept for the next (e2e files
 * share one module graph per worker), as a launch and a first context cost about 2.5 CPU-s. Playwright closes it when
 * the worker exits. A file opens pages in it (openPage) and gives them back; it never closes the browser.
 */
export function sharedBrowser(): Promise<Browser> {
  browserOnce ??= launchChromium().catch((error: unknown) => {
    browserOnce = undefined;
    throw error;
  });
  return browserOnce;
}

/** The tabs of one color scheme and width: one context (its HTTP and compiled-script caches serve the next page). */
interface TabPool {
  context: Promise<BrowserContext>;
  idle: Page[];
}

const pools = new WeakMap<Browser, Map<string, TabPool>>();

function poolOf(browser: Browser, colorScheme: "light" | "dark", width: number): TabPool {
  let byKind = pools.get(browser);
  if (byKind === undefined) pools.set(browser, (byKind = new Map()));
  const key = `${colorScheme} ${width}`;
  let pool = byKind.get(key);
  if (pool === undefined) {
    const context = browser.newContext({ viewport: { width, height: 860 }, colorScheme }).then((created) => {
      // Generous waits: the suite shares two cores with everything else; a condition still fails fast once it holds.
      created.setDefaultTimeout(60_000);
      return created;
    });
    byKind.set(key, (pool = { context, idle: [] }));
  }
  return pool;
}

/**
 * Opens a page (1280 px wide and light unless asked) that records problems; give it back with `close()`.
 * Tabs are reused: a new tab cost 2-3.5 CPU-s of Chromium (its renderer, Playwright's set-up of the target), a
 * navigation in a used one 0.5-0.8 (measured on the runs page). A closed page's tab is left on about:blank with the
 * sessionStorage of the origin it was on cleared (the dashboard keeps the auth string there, per tab), and the next
 * openPage of the same scheme and width in this worker gets it. Each test file serves on its own port, so no other
 * origin's state meets it; a test that needs a tab never used before opens it while its other pages are still open.
 */
export async function openPage(
  browser: Browser,
  options: { colorScheme?: "light" | "dark"; width?: number } = {},
): Promise<WatchedPage> {
  const pool = poolOf(browser, options.colorScheme ?? "light", options.width ?? 1280);
  const page = pool.idle.pop() ?? (await (await pool.context).newPage());
  const problems: string[] = [];
  const onConsole = (message: ConsoleMessage) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  };
  const onPageError = (error: Error) => problems.push(`page error: ${error.message}`);
  const onRequestFailed = (request: Request) => {
    // A poll cut short by navigating away is not a failure of the page.
    if (request.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ""}`);
  };
  const onResponse = (response: Response) => {
    if (response.status() >= 400)
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  };
  page.on("console", onConsole).on("pageerror", onPageError).on("requestfailed", onRequestFailed);
  page.on("response", onResponse);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    page.off("console", onConsole).off("pageerror", onPageError).off("requestfailed", onRequestFailed);
    page.off("response", onResponse);
    try {
      await page.evaluate("try { sessionStorage.clear(); } catch {}");
      await page.goto("about:blank");
      pool.idle.push(page);
    } catch {
      await page.close().catch(() => undefined); // a crashed or closed tab is not reused
    }
  };
  return { page, problems, close };
}

/** axe-core's browser build, evaluated in a page the first time the page's document is checked. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** In the page (a string: the test files' transform may add helpers a page does not have): the serious ones. */
const RUN_AXE = `axe.run(document, { resultTypes: ["violations"] }).then((results) => results.violations
  .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
  .map((violation) => ({ id: violation.id, help: violation.help, targets: violation.nodes.map((node) => node.target.join(" ")) })))`;

/**
 * Serious or critical axe-core violations of the page, as `rule: help (n nodes: targets)` lines. axe runs in the page
 * itself with every rule, as @axe-core/playwright's AxeBuilder ran it, but without the builder's finishing step in a
 * second page and with details collected for violations only (`resultTypes`): about 0.4 CPU-s of Chromium per check
 * instead of 2.5-3 (measured on the runs page with 20 runs), the same verdicts. The dashboard has no frames to visit.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate("typeof window.axe === 'object'"))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<Array<{ id: string; help: string; targets: string[] }>>(RUN_AXE);
  return violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.targets.length} nodes: ${violation.targets.slice(0, 3).join(", ")})`,
  );
}

/** Saves a full-page screenshot as test-artifacts/ui/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A suite's server and browser, filled in by {@link useUiBrowser}'s beforeAll; read them inside tests. */
export interface UiSuite {
  ui: UiServer;
  browser: Browser;
}

/** Starts a dashboard server around the calling suite, with the worker's Chromium (beforeAll/afterAll registered here). */
export function useUiBrowser(): UiSuite {
  const suite = {} as UiSuite;
  beforeAll(async () => {
    [suite.ui, suite.browser] = await Promise.all([startUiServer(), sharedBrowser()]);
  });
  afterAll(async () => {
    await suite.ui?.close();
  });
  return suite;
}
