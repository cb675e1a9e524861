// Server-level routes of the client: health, version, hello.
import { z } from "zod";
import type { HttpTransport } from "./http.js";

/** The admin methods of PrefectClient. */
export interface AdminApi {
  /** `true` when the server answers `GET /health`. @throws ServerUnreachableError when it does not answer at all */
  health(): Promise<boolean>;
  /** The server's Prefect version (`GET /admin/version`), e.g. `"3.8.3"`. */
  readServerVersion(): Promise<string>;
  /** `GET /hello`: the server's greeting, a cheap authenticated round trip. */
  hello(): Promise<string>;
}

const Bool = z.boolean();
const Str = z.string();

/** Builds the admin methods over a transport. */
export function adminApi(http: HttpTransport): AdminApi {
  return {
    health: () => http.request("GET", "health", {}, Bool),
    readServerVersion: () => http.request("GET", "admin/version", {}, Str),
    hello: () => http.request("GET", "hello", {}, Str),
  };
}
