// The server's security options from resolved settings: CSRF protection and CORS, what `server start` passes to
// startServer. The middleware they configure lives in csrf.ts and cors.ts.
import type { Settings } from "../../settings/index.js";
import type { CorsOptions } from "./cors.js";
import type { CsrfOptions } from "./csrf.js";

/** CSRF and CORS options of the API app. */
export interface SecurityOptions {
  readonly csrf: CsrfOptions;
  readonly cors: CorsOptions;
}

/**
 * PREFECT_SERVER_CSRF_* and PREFECT_SERVER_CORS_* as the app's options.
 * @example
 * const server = await startServer({ dbPath, ...securityOptionsFromSettings(resolveSettings()) });
 */
export function securityOptionsFromSettings(settings: Settings): SecurityOptions {
  return {
    csrf: {
      enabled: settings.PREFECT_SERVER_CSRF_PROTECTION_ENABLED,
      tokenExpirationSeconds: settings.PREFECT_SERVER_CSRF_TOKEN_EXPIRATION,
    },
    cors: {
      allowedOrigins: settings.PREFECT_SERVER_CORS_ALLOWED_ORIGINS,
      allowedMethods: settings.PREFECT_SERVER_CORS_ALLOWED_METHODS,
      allowedHeaders: settings.PREFECT_SERVER_CORS_ALLOWED_HEADERS,
    },
  };
}
