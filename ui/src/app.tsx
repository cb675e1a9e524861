// The app shell: connection (client, auth prompt), the query cache, the navigation and the routes of every page.
import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense, useMemo, useState, type ReactNode } from "react";
import { BrowserRouter, Navigate, NavLink, Route, Routes } from "react-router";
import { UnauthorizedError } from "prefect-ts/client";
import { createClient, storeAuthString, storedAuthString, type UiSettings } from "./api";
import { ConnectionProvider } from "./client-context";
import { AuthPrompt } from "./pages/auth-prompt";
import { FlowRunPage } from "./pages/flow-run";
import { FlowPage, FlowsPage } from "./pages/flows";
import { NotFoundPage } from "./pages/not-found";
import { RunsPage } from "./pages/runs";
import { SettingsPage } from "./pages/settings";
import { TaskRunPage } from "./pages/task-run";
import { WorkPoolPage, WorkPoolsPage } from "./pages/work-pools";
import { DeploymentsPage } from "./pages/deployments";

// The deployment page carries the parameter form library; it loads when first opened.
const DeploymentPage = lazy(() => import("./pages/deployment").then((m) => ({ default: m.DeploymentPage })));

/** The router's basename: the path of the page's <base> (PREFECT_UI_SERVE_BASE), without its trailing slash. */
function basename(): string {
  return new URL(document.baseURI).pathname.replace(/\/+$/, "") || "/";
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
  const queryClient = useMemo(
    () =>
      new QueryClient({
        // A 401 means the tab's auth string is wrong or was changed on the server: ask again.
        queryCache: new QueryCache({ onError: (error) => error instanceof UnauthorizedError && signOut() }),
        defaultOptions: {
          queries: {
            retry: (count, error) => !(error instanceof UnauthorizedError) && count < 2,
            refetchOnWindowFocus: false,
          },
        },
      }),
    [authString],
  );

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
