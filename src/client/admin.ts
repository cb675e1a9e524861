// Server-level routes of the client: health, version, settings, hello.
import { z } from "zod";
import type { HttpTransport } from "./http.js";

/** The admin methods of PrefectClient. */
export interface AdminApi {
  /** `true` when the server answers `GET /health`. @throws ServerUnreachableError when it does not answer at all */
  health(): Promise<boolean>;
  /** The server's Prefect version (`GET /admin/version`), e.g. `"3.8.3"`. */
  readServerVersion(): Promise<string>;
  /**
   * The server's settings (`GET /admin/settings`) in Prefect's nested shape, e.g. `settings.server.api.port`; secrets
   * come back obfuscated (`"********"`).
   */
  readServerSettings(): Promise<ServerSettings>;
  /** `GET /hello`: the server's greeting, a cheap authenticated round trip. */
  hello(): Promise<string>;
}

/** A server's settings as `GET /admin/settings` answers them: sections of values, nested. */
export interface ServerSettings {
  [key: string]: ServerSettings | string | number | boolean | null;
}

const Bool = z.boolean();
const SettingsTree: z.ZodType<ServerSettings> = z.record(z.string(), z.any());
const Str = z.string();

/** Builds the admin methods over a transport. */
export function adminApi(http: HttpTransport): AdminApi {
  return {
    health: () => http.request("GET", "health", {}, Bool),
    readServerVersion: () => http.request("GET", "admin/version", {}, Str),
    readServerSettings: () => http.request("GET", "admin/settings", {}, SettingsTree),
    hello: () => http.request("GET", "hello", {}, Str),
  };
}
