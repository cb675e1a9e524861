// Settings and about: the server's version, the API URL this dashboard talks to, and signing out of an auth string.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useConnection } from "../client-context";
import { QueryState } from "../components/query-state";

/** Version and connection. */
export function SettingsPage(): ReactNode {
  const { client, settings, signOut } = useConnection();
  const version = useQuery({ queryKey: ["server-version"], queryFn: () => client.readServerVersion() });
  return (
    <section>
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      <QueryState isLoading={version.isLoading} error={version.error} what="the server version" />
      <dl className="facts">
        <div>
          <dt>Server version</dt>
          <dd data-testid="server-version">{version.data ?? "…"}</dd>
        </div>
        <div>
          <dt>API URL</dt>
          <dd>
            <code data-testid="api-url">{settings.apiUrl}</code>
          </dd>
        </div>
        <div>
          <dt>Authentication</dt>
          <dd>{settings.auth ? "Auth string (kept for this tab only)" : "None"}</dd>
        </div>
      </dl>
      {settings.auth ? (
        <button type="button" onClick={signOut}>
          Forget the auth string
        </button>
      ) : null}
    </section>
  );
}
