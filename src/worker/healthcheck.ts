// `worker start --with-healthcheck`: a small HTTP server answering `GET /health` with 200 while the worker polls, and
// 503 once its last poll is older than 30 poll intervals (Prefect's `start_healthcheck_server`).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A running health check server. */
export interface HealthcheckServer {
  /** The bound port (the real one when 0 was asked). */
  readonly port: number;
  close(): Promise<void>;
}

/** Prefect: a worker is unhealthy when it has not polled for this many poll intervals. */
const MISSED_POLLS = 30;

/**
 * Serves `GET /health` on `host:port`: `{"message": "OK"}` (200) when `lastPoll()` is within 30 × `querySeconds`
 * (or the worker is still starting), else 503.
 */
export async function startHealthcheck(options: {
  host: string;
  port: number;
  querySeconds: number;
  lastPoll: () => Date | undefined;
  startedAt?: Date;
}): Promise<HealthcheckServer> {
  const startedAt = options.startedAt ?? new Date();
  const server: Server = createServer((request, response) => {
    if (request.method !== "GET" || request.url?.split("?")[0] !== "/health") {
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ detail: "Not Found" }));
      return;
    }
    const last = options.lastPoll() ?? startedAt;
    const healthy = Date.now() - last.getTime() <= MISSED_POLLS * options.querySeconds * 1000;
    response
      .writeHead(healthy ? 200 : 503, { "content-type": "application/json" })
      .end(JSON.stringify({ message: healthy ? "OK" : "Worker may be unresponsive at this time" }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
