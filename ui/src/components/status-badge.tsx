// Work pool, work queue, worker and schedule status as a badge: READY green, NOT_READY red, PAUSED amber,
// ONLINE/OFFLINE, ACTIVE.
import type { ReactNode } from "react";

const LABELS: Readonly<Record<string, string>> = {
  READY: "Ready",
  NOT_READY: "Not ready",
  PAUSED: "Paused",
  ACTIVE: "Active",
  ONLINE: "Online",
  OFFLINE: "Offline",
};

/** A status badge, e.g. `<StatusBadge status="NOT_READY" />`. */
export function StatusBadge(props: { status: string | null | undefined }): ReactNode {
  const status = props.status ?? "UNKNOWN";
  return (
    <span className={`status-badge status-${status.toLowerCase().replace("_", "-")}`} data-status={status}>
      <span className="state-dot" aria-hidden="true" />
      {LABELS[status] ?? status}
    </span>
  );
}
