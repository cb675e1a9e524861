// The Prefect release whose REST API this package speaks, written once below client and server: the server
// answers it, the client compares servers with it, results and job labels carry it.

/** The Prefect version whose API prefect-ts serves and speaks (`GET /admin/version`). */
export const PREFECT_VERSION = "3.8.3";

/**
 * Prefect's REST API version of that release (`GET /version`; the `X-PREFECT-API-VERSION` header its
 * clients send), Prefect's `prefect.client.constants.SERVER_API_VERSION`.
 */
export const PREFECT_API_VERSION = "0.8.4";
