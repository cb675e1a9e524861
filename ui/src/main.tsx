// Entry of the dashboard: reads the server's ui-settings, asks for the auth string when the API needs one, then
// renders the app with one query cache (live pages poll through it).
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app";
import { loadUiSettings } from "./api";
import "./styles.css";

const root = createRoot(document.getElementById("root") as HTMLElement);
loadUiSettings().then(
  (settings) =>
    root.render(
      <StrictMode>
        <App settings={settings} />
      </StrictMode>,
    ),
  (error: unknown) =>
    root.render(
      <main className="page">
        <h1>prefect-ts</h1>
        <p className="error" role="alert">
          {error instanceof Error ? error.message : String(error)}
        </p>
      </main>,
    ),
);
