// A run's state as a coloured badge, in the colours Prefect's UI uses for each state type.
import type { ReactNode } from "react";

/** Prefect's state types, as on the wire. */
export type StateTypeName =
  "SCHEDULED" | "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED" | "CANCELLING" | "CRASHED" | "PAUSED";

/** A state badge: the state's name ("Late", "Retrying", ...) on its type's colour. */
export function StateBadge(props: { type: string | null | undefined; name?: string | null | undefined }): ReactNode {
  const type = (props.type ?? "UNKNOWN").toLowerCase();
  const label = props.name ?? (props.type ? props.type.charAt(0) + props.type.slice(1).toLowerCase() : "No state");
  return (
    <span className={`state-badge state-${type}`} data-state-type={props.type ?? ""}>
      <span className="state-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
