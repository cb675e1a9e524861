// What a page shows while its data loads or when reading it failed.
import type { ReactNode } from "react";

/** A loading line or the error's message, for a query that has no data yet. */
export function QueryState(props: { isLoading: boolean; error: Error | null; what: string }): ReactNode {
  if (props.error) {
    return (
      <p className="error" role="alert">
        Could not read {props.what}: {props.error.message}
      </p>
    );
  }
  if (props.isLoading) return <p className="muted">Loading {props.what}…</p>;
  return null;
}
