// Validates values against Prefect's OpenAPI contract (test/fixtures/prefect-openapi/3.8.3.json, a copy of Prefect 3.8.3's OpenAPI document) with Ajv 2020:
// components by name, and request/response bodies by method, path template and status.
import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

/** Where the contract lives, relative to this file. */
export const OPENAPI_URL = new URL("../fixtures/prefect-openapi/3.8.3.json", import.meta.url);

/** A JSON Schema node, as loosely typed as the OpenAPI document itself. */
export type JsonSchemaNode = { [key: string]: unknown };

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, JsonSchemaNode>>;
  components: { schemas: Record<string, JsonSchemaNode> };
}

/** The result of a validation: `errors` is a readable, multi-line description ("" when valid). */
export interface ValidationOutcome {
  valid: boolean;
  errors: string;
}

const DOC_ID = "prefect-openapi.json";

let cached: { doc: OpenApiDocument; ajv: Ajv2020 } | undefined;

function load(): { doc: OpenApiDocument; ajv: Ajv2020 } {
  if (cached) return cached;
  const doc = JSON.parse(readFileSync(OPENAPI_URL, "utf8")) as OpenApiDocument;
  // strict: false tolerates OpenAPI's extra keywords (discriminator, example, xml, ...); schemas are
  // compiled lazily, one component or one response at a time, and cached by Ajv. inlineRefs: false
  // compiles each referenced component once instead of inlining it into every referrer.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, logger: false, inlineRefs: false });
  // ajv-formats is CommonJS: its default export arrives wrapped under `default` depending on the loader.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
    a: Ajv2020,
  ) => Ajv2020;
  addFormats(ajv);
  // Formats Prefect/pydantic emit that ajv-formats does not know: accept any string.
  for (const format of ["path", "binary", "password", "json-string", "multi-line"]) ajv.addFormat(format, true);
  // The whole document is registered once so `#/components/schemas/X` refs resolve from any fragment.
  ajv.addSchema({ ...doc, $id: DOC_ID } as JsonSchemaNode);
  cached = { doc, ajv };
  return cached;
}

/** The parsed OpenAPI document. */
export function openApiDocument(): OpenApiDocument {
  return load().doc;
}

/** The names of all `components.schemas`. */
export function componentNames(): string[] {
  return Object.keys(load().doc.components.schemas);
}

/** The raw JSON schema of a component; throws naming the component when it does not exist. */
export function componentSchema(name: string): JsonSchemaNode {
  const schema = load().doc.components.schemas[name];
  if (!schema) throw new Error(`OpenAPI component "${name}" does not exist in ${OPENAPI_URL.pathname}.`);
  return schema;
}

/** The property names of an object component, sorted. */
export function componentPropertyNames(name: string): string[] {
  const props = componentSchema(name).properties as Record<string, unknown> | undefined;
  return Object.keys(props ?? {}).sort();
}

/** The required property names of an object component, sorted. */
export function componentRequired(name: string): string[] {
  return [...((componentSchema(name).required as string[] | undefined) ?? [])].sort();
}

function pointerEscape(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function compiled(pointer: string): ValidateFunction {
  const { ajv } = load();
  const key = `${DOC_ID}#${pointer}`;
  const fn = ajv.getSchema(key);
  if (!fn) throw new Error(`No schema at ${pointer} in the OpenAPI document.`);
  return fn;
}

/** Formats Ajv errors one per line: `at /state/type: must be equal to one of the allowed values {...}`. */
export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return "";
  return errors
    .map((e) => {
      const where = e.instancePath === "" ? "(root)" : e.instancePath;
      const params = Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : "";
      return `at ${where}: ${e.message ?? e.keyword}${params} [schema ${e.schemaPath}]`;
    })
    .join("\n");
}

function run(fn: ValidateFunction, value: unknown): ValidationOutcome {
  const valid = fn(value) as boolean;
  return { valid, errors: valid ? "" : formatAjvErrors(fn.errors) };
}

/** Validates `value` against `components.schemas[name]`. */
export function validateComponent(name: string, value: unknown): ValidationOutcome {
  componentSchema(name);
  return run(compiled(`/components/schemas/${pointerEscape(name)}`), value);
}

/** Throws a readable error unless `value` matches `components.schemas[name]`. */
export function expectMatchesComponent(name: string, value: unknown): void {
  const { valid, errors } = validateComponent(name, value);
  if (!valid) {
    throw new Error(`Value does not match OpenAPI component "${name}":\n${errors}\nvalue: ${preview(value)}`);
  }
}

/** Normalises a path as the OpenAPI has it: no `/api` prefix; a concrete path is matched to its template. */
function findPath(path: string): string {
  const { doc } = load();
  const bare = path.replace(/^\/api(?=\/)/, "").split("?")[0] ?? path;
  if (doc.paths[bare]) return bare;
  // Literal segments win over parameters: /work_pools/p/queues/filter is the filter route, not queue "filter".
  const templates = Object.keys(doc.paths).sort((a, b) => paramCount(a) - paramCount(b));
  for (const template of templates) {
    const re = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`);
    if (re.test(bare)) return template;
  }
  throw new Error(`No OpenAPI path matches "${path}".`);
}

function paramCount(template: string): number {
  return (template.match(/\{/g) ?? []).length;
}

function operation(method: string, path: string): { template: string; op: JsonSchemaNode } {
  const template = findPath(path);
  const op = load().doc.paths[template]?.[method.toLowerCase()];
  if (!op) throw new Error(`OpenAPI has no ${method.toUpperCase()} ${template}.`);
  return { template, op };
}

/**
 * Validates a response body of `method path` with `status` (a path template like `/flow_runs/{id}`
 * or a concrete path, with or without the `/api` prefix). A status the OpenAPI does not list, or one
 * without a JSON body (204), is reported invalid unless `body` is empty.
 */
export function validateResponse(method: string, path: string, status: number, body: unknown): ValidationOutcome {
  const { template, op } = operation(method, path);
  const responses = (op.responses ?? {}) as Record<string, JsonSchemaNode>;
  const response = responses[String(status)];
  const where = `${method.toUpperCase()} ${template} ${status}`;
  if (!response) {
    return { valid: false, errors: `${where}: status not in the OpenAPI (${Object.keys(responses).join(", ")})` };
  }
  const content = response.content as Record<string, { schema?: unknown }> | undefined;
  if (!content?.["application/json"]?.schema) {
    const empty = body === undefined || body === null || body === "";
    return { valid: empty, errors: empty ? "" : `${where}: expected no JSON body, got ${preview(body)}` };
  }
  const pointer = `/paths/${pointerEscape(template)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
  return run(compiled(pointer), body);
}

/** Throws a readable error unless `body` matches the OpenAPI response of `method path status`. */
export function expectMatchesResponse(method: string, path: string, status: number, body: unknown): void {
  const { valid, errors } = validateResponse(method, path, status, body);
  if (!valid) {
    throw new Error(
      `Response does not match OpenAPI ${method.toUpperCase()} ${path} ${status}:\n${errors}\nbody: ${preview(body)}`,
    );
  }
}

/** Validates a JSON request body of `method path` against the OpenAPI request body schema. */
export function validateRequestBody(method: string, path: string, body: unknown): ValidationOutcome {
  const { template, op } = operation(method, path);
  const content = (op.requestBody as JsonSchemaNode | undefined)?.content as
    Record<string, { schema?: unknown }> | undefined;
  if (!content?.["application/json"]?.schema) {
    return { valid: false, errors: `${method.toUpperCase()} ${template}: no JSON request body in the OpenAPI` };
  }
  const pointer = `/paths/${pointerEscape(template)}/${method.toLowerCase()}/requestBody/content/application~1json/schema`;
  return run(compiled(pointer), body);
}

function preview(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 2000 ? `${text.slice(0, 2000)}...` : text;
}
