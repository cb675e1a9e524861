// Settings and about: the server's version, the API URL this dashboard talks to, the server's settings (secrets come
// back masked from GET /admin/settings), and signing out of an auth string.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { ServerSettings } from "prefect-ts/client";
import { useConnection } from "../client-context";
import { QueryState } from "../components/query-state";

/** Version and connection. */
export function SettingsPage(): ReactNode {
  const { client, settings, signOut } = useConnection();
  const version = useQuery({ queryKey: ["server-version"], queryFn: () => client.readServerVersion() });
  const serverSettings = useQuery({ queryKey: ["server-settings"], queryFn: () => client.readServerSettings() });
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
      <h2>Server settings</h2>
      <QueryState isLoading={serverSettings.isLoading} error={serverSettings.error} what="the server's settings" />
      {serverSettings.data ? (
        <table className="table" data-testid="server-settings">
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {flatten(serverSettings.data).map(([key, value]) => (
              <tr key={key}>
                <td>
                  <code>{key}</code>
                </td>
                <td>{value === null ? <span className="muted">unset</span> : <code>{String(value)}</code>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** The nested settings as dotted keys in order, e.g. `server.api.port`. */
function flatten(tree: ServerSettings, prefix = ""): Array<[string, string | number | boolean | null]> {
  return Object.entries(tree).flatMap(([key, value]) =>
    value !== null && typeof value === "object"
      ? flatten(value, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value] as [string, string | number | boolean | null]],
  );
}
