// TypeScript's compiler API and typescript-json-schema, loaded with require: importing TypeScript's 9 MB CommonJS file
// as an ES module made Node scan its text for named exports first, about 0.4 s more per process that deploys or serves.
import { createRequire } from "node:module";
import type TS from "typescript";
import type * as TJS from "typescript-json-schema";

const require = createRequire(import.meta.url);

/** The `typescript` module (its types are `import type TS from "typescript"`). */
export const ts = require("typescript") as typeof TS;

/** typescript-json-schema, for the parameter schemas of plain-TypeScript flows. */
export function loadSchemaGenerator(): typeof TJS {
  return require("typescript-json-schema") as typeof TJS;
}
