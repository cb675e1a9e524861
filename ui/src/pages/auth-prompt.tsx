// The login form of a server started with PREFECT_SERVER_API_AUTH_STRING: asks for `user:password` once and
// keeps it for the tab (sessionStorage), as Prefect's UI does.
import { useState, type FormEvent, type ReactNode } from "react";
import { checkAuthString, type UiSettings } from "../api";

/** Asks for the auth string; calls `onAccepted` once the API accepts it. */
export function AuthPrompt(props: { settings: UiSettings; onAccepted: (authString: string) => void }): ReactNode {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [checking, setChecking] = useState(false);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setChecking(true);
    setError(undefined);
    checkAuthString(props.settings, value).then(
      (ok) => {
        setChecking(false);
        if (ok) props.onAccepted(value);
        else
          setError(
            "The server did not accept this auth string. It is the server's PREFECT_SERVER_API_AUTH_STRING, as user:password.",
          );
      },
      (failure: unknown) => {
        setChecking(false);
        setError(failure instanceof Error ? failure.message : String(failure));
      },
    );
  };
  return (
    <main className="login">
      <form className="panel login-form" onSubmit={submit}>
        <h1>
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>{" "}
          prefect-ts
        </h1>
        <p>This server requires an auth string.</p>
        <label htmlFor="auth-string">Auth string</label>
        <input
          id="auth-string"
          type="password"
          autoComplete="current-password"
          placeholder="user:password"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          required
        />
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={checking || value === ""}>
          {checking ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
