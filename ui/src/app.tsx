// The app shell: connection (client, auth prompt), the query cache, the navigation and the routes of every page.
import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense, useMemo, useState, type ReactNode } from "react";
import { BrowserRouter, Navigate, NavLink, Route, Routes } from "react-router";
import { UnauthorizedError, type PrefectClient } from "prefect-ts/client";
import { createClient, storeAuthString, storedAuthString, type UiSettings } from "./api";
import { ConnectionProvider } from "./client-context";
import { useLiveEvents } from "./live-events";
import { AuthPrompt } from "./pages/auth-prompt";
import { NotFoundPage } from "./pages/not-found";
import { RunsPage, runsPageQueries } from "./pages/runs";

// The runs page (the home page) is in the first chunk; every other page loads when first opened, so a first visit
// parses only what the runs page needs (bench/ui.bench.ts times it). The deployment page carries the form library.
const FlowRunPage = lazy(() => import("./pages/flow-run").then((m) => ({ default: m.FlowRunPage })));
const TaskRunPage = lazy(() => import("./pages/task-run").then((m) => ({ default: m.TaskRunPage })));
const FlowsPage = lazy(() => import("./pages/flows").then((m) => ({ default: m.FlowsPage })));
const FlowPage = lazy(() => import("./pages/flows").then((m) => ({ default: m.FlowPage })));
const DeploymentsPage = lazy(() => import("./pages/deployments").then((m) => ({ default: m.DeploymentsPage })));
const DeploymentPage = lazy(() => import("./pages/deployment").then((m) => ({ default: m.DeploymentPage })));
const WorkPoolsPage = lazy(() => import("./pages/work-pools").then((m) => ({ default: m.WorkPoolsPage })));
const WorkPoolPage = lazy(() => import("./pages/work-pools").then((m) => ({ default: m.WorkPoolPage })));
const ArtifactsPage = lazy(() => import("./pages/artifacts").then((m) => ({ default: m.ArtifactsPage })));
const ArtifactKeyPage = lazy(() => import("./pages/artifacts").then((m) => ({ default: m.ArtifactKeyPage })));
const ArtifactPage = lazy(() => import("./pages/artifact").then((m) => ({ default: m.ArtifactPage })));
const SettingsPage = lazy(() => import("./pages/settings").then((m) => ({ default: m.SettingsPage })));

/** The router's basename: the path of the page's <base> (PREFECT_UI_SERVE_BASE), without its trailing slash. */
function basename(): string {
  return new URL(document.baseURI).pathname.replace(/\/+$/, "") || "/";
}

/**
 * Starts the runs page's reads when the address opens it (`/` redirects there), so the client's code loads and the
 * server answers while React renders the shell, not after: the first rows show sooner (bench/ui.bench.ts).
 */
function prefetchHome(queryClient: QueryClient, client: PrefectClient): void {
  const base = basename() === "/" ? "" : basename();
  const path = location.pathname.startsWith(base) ? location.pathname.slice(base.length).replace(/\/+$/, "") : "";
  if (path !== "" && path !== "/runs") return;
  const { runs, count } = runsPageQueries(client, new URLSearchParams(path === "" ? "" : location.search));
  void queryClient.prefetchQuery(runs);
  void queryClient.prefetchQuery(count);
}

/** The whole dashboard for one server. */
export function App(props: { settings: UiSettings }): ReactNode {
  const { settings } = props;
  const [authString, setAuthString] = useState<string | undefined>(() =>
    settings.auth ? storedAuthString() : undefined,
  );
  const signOut = (): void => {
    storeAuthString(undefined);
    setAuthString(undefined);
  };
  const client = useMemo(() => createClient(settings, authString), [settings, authString]);
  const queryClient = useMemo(() => {
    const queries = new QueryClient({
      // A 401 means the tab's auth string is wrong or was changed on the server: ask again.
      queryCache: new QueryCache({ onError: (error) => error instanceof UnauthorizedError && signOut() }),
      defaultOptions: {
        queries: {
          retry: (count, error) => !(error instanceof UnauthorizedError) && count < 2,
          refetchOnWindowFocus: false,
        },
      },
    });
    if (!settings.auth || authString !== undefined) prefetchHome(queries, client);
    return queries;
  }, [authString]);
  useLiveEvents(client, queryClient, !settings.auth || authString !== undefined);

  if (settings.auth && authString === undefined) {
    return (
      <AuthPrompt
        settings={settings}
        onAccepted={(value) => {
          storeAuthString(value);
          setAuthString(value);
        }}
      />
    );
  }
  return (
    <ConnectionProvider client={client} settings={settings} signOut={signOut}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter basename={basename()}>
          <div className="shell">
            <header className="topbar">
              <a className="brand" href={document.baseURI}>
                <span className="brand-mark" aria-hidden="true">
                  ◆
                </span>{" "}
                prefect-ts
              </a>
              <nav aria-label="Main">
                <NavLink to="/runs">Runs</NavLink>
                <NavLink to="/flows">Flows</NavLink>
                <NavLink to="/deployments">Deployments</NavLink>
                <NavLink to="/work-pools">Work pools</NavLink>
                <NavLink to="/artifacts">Artifacts</NavLink>
                <NavLink to="/settings">Settings</NavLink>
              </nav>
            </header>
            <main className="page">
              <Suspense fallback={<p className="muted">Loading…</p>}>
                <Routes>
                  <Route path="/" element={<Navigate to="/runs" replace />} />
                  <Route path="/runs" element={<RunsPage />} />
                  <Route path="/runs/flow-run/:id" element={<FlowRunPage />} />
                  <Route path="/runs/task-run/:id" element={<TaskRunPage />} />
                  <Route path="/task-runs/:id" element={<TaskRunPage />} />
                  <Route path="/flows" element={<FlowsPage />} />
                  <Route path="/flows/flow/:id" element={<FlowPage />} />
                  <Route path="/deployments" element={<DeploymentsPage />} />
                  <Route path="/deployments/deployment/:id" element={<DeploymentPage />} />
                  <Route path="/work-pools" element={<WorkPoolsPage />} />
                  <Route path="/work-pools/work-pool/:name" element={<WorkPoolPage />} />
                  <Route path="/artifacts" element={<ArtifactsPage />} />
                  <Route path="/artifacts/key/:key" element={<ArtifactKeyPage />} />
                  <Route path="/artifacts/artifact/:id" element={<ArtifactPage />} />
                  <Route path="/settings" element={<SettingsPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Routes>
              </Suspense>
            </main>
          </div>
        </BrowserRouter>
      </QueryClientProvider>
    </ConnectionProvider>
  );
}
