// Live updates from the server's events websocket (`/api/events/out`, Prefect's protocol, through the client's own
// subscriber): a flow or task run changing state, a deployment, pool, queue or worker changing, makes the open page
// re-read what it shows at once, instead of at its next poll. The pages still poll (LIVE_INTERVAL_MS), which covers a
// dropped connection until the subscriber's reconnect and anything the server announces no event for.
import type { QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { PrefectClient } from "prefect-ts/client";

/** The events that change what the pages show. */
export const LIVE_EVENT_PREFIXES = [
  "prefect.flow-run.",
  "prefect.task-run.",
  "prefect.deployment.",
  "prefect.work-pool.",
  "prefect.work-queue.",
  "prefect.worker.",
];

/**
 * The first event of a quiet moment re-reads at once; a burst (a flow's many task runs) then makes at most one re-read
 * per this many ms, not one per event.
 */
export const LIVE_EVENT_MIN_GAP_MS = 100;

/** While `enabled`, re-reads the page's active queries when events arrive (at once, then at most every 100 ms). */
export function useLiveEvents(client: PrefectClient, queryClient: QueryClient, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return undefined;
    let pending: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const subscription = client.subscribeEvents({ event: { prefix: LIVE_EVENT_PREFIXES } }, () => {
      pending ??= setTimeout(
        () => {
          pending = undefined;
          last = Date.now();
          void queryClient.invalidateQueries({ refetchType: "active" });
        },
        Math.max(0, last + LIVE_EVENT_MIN_GAP_MS - Date.now()),
      );
    });
    return () => {
      clearTimeout(pending);
      subscription.close();
    };
  }, [client, queryClient, enabled]);
}
