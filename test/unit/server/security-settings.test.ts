// securityOptionsFromSettings: PREFECT_SERVER_CSRF_* and PREFECT_SERVER_CORS_* (and Prefect's PREFECT_SERVER_API_*
// spellings) become the app's csrf and cors options, with Prefect's defaults.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { securityOptionsFromSettings } from "../../../src/server/index.js";
import { resolveSettings } from "../../../src/settings/index.js";

describe("securityOptionsFromSettings", () => {
  // A fresh PREFECT_HOME: no profile of the user's is read.
  const home = { PREFECT_HOME: mkdtempSync(join(tmpdir(), "prefect-ts-security-")) };
  it("defaults to Prefect's: CSRF off with 1 h tokens, CORS open", () => {
    expect(securityOptionsFromSettings(resolveSettings({ env: home }))).toEqual({
      csrf: { enabled: false, tokenExpirationSeconds: 3600 },
      cors: { allowedOrigins: "*", allowedMethods: "*", allowedHeaders: "*" },
    });
  });

  it("reads the environment, Prefect's newer spellings included", () => {
    const env = {
      ...home,
      PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED: "true",
      PREFECT_SERVER_CSRF_TOKEN_EXPIRATION: "120",
      PREFECT_SERVER_CORS_ALLOWED_ORIGINS: "https://ui.example",
    };
    expect(securityOptionsFromSettings(resolveSettings({ env }))).toMatchObject({
      csrf: { enabled: true, tokenExpirationSeconds: 120 },
      cors: { allowedOrigins: "https://ui.example", allowedMethods: "*" },
    });
  });
});
