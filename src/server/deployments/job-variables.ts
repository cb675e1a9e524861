// Work pool job templates on the server: Prefect's check of a pool's `base_job_template` (both keys, no undeclared
// `{{ placeholders }}`), and a deployment's `job_variables` checked against the pool's `variables` schema.
import type { ValidationErrorDetail } from "../../schemas/index.js";
import { findPlaceholders } from "../../schemas/plain.js";
import { invalidRequest, unprocessable } from "../http/http-error.js";
import { checkParameters, describeFailures } from "./parameters.js";

/**
 * Prefect's `validate_base_job_template`: an empty template is fine; otherwise it needs `job_configuration` and
 * `variables`, and every `{{ name }}` in the configuration (except `ctx.*` context values) must be a variable.
 * @returns the error message, or undefined when valid
 */
export function baseJobTemplateError(template: Record<string, unknown>): string | undefined {
  if (Object.keys(template).length === 0) return undefined;
  if (!("job_configuration" in template) || !("variables" in template)) {
    return "The `base_job_template` must contain both a `job_configuration` key and a `variables` key.";
  }
  const variables = template.variables as { properties?: Record<string, unknown> } | null;
  const declared = new Set(Object.keys(variables?.properties ?? {}));
  // Standard placeholders only: `{{ $ENV }}`, `{{ prefect.variables.x }}` and `{{ prefect.blocks... }}` resolve elsewhere.
  const used = new Set(
    findPlaceholders(template.job_configuration)
      .filter((p) => p.kind === "standard" && !p.name.startsWith("ctx."))
      .map((p) => p.name),
  );
  const missing = [...used].filter((name) => !declared.has(name.split(".")[0] as string)).sort();
  if (missing.length === 0) return undefined;
  return (
    "The variables specified in the job configuration template must be present as properties in the variables schema. " +
    `Your job configuration uses the following undeclared variable(s): ${missing.join(" ,")}.`
  );
}

/** Checks a create/update body's `base_job_template`. @throws HttpError 422 with a pydantic-style detail. */
export function checkBaseJobTemplate(template: Record<string, unknown> | null | undefined, body: unknown): void {
  if (template == null) return;
  const error = baseJobTemplateError(template);
  if (error === undefined) return;
  const detail: ValidationErrorDetail = {
    type: "value_error",
    loc: ["body", "base_job_template"],
    msg: `Value error, ${error}`,
    input: template,
  };
  throw invalidRequest([detail], body);
}

/**
 * Checks a deployment's `job_variables` against the pool's `base_job_template.variables` (when the pool has one),
 * required variables ignored as Prefect does for deployments; names the template does not declare pass (they
 * are ignored when the job is rendered). @throws HttpError 422 `{detail}` naming each failing variable.
 */
export function checkJobVariables(
  jobVariables: Record<string, unknown> | null | undefined,
  baseJobTemplate: Record<string, unknown>,
  action: "creating" | "updating",
): void {
  if (jobVariables == null || Object.keys(jobVariables).length === 0) return;
  const schema = baseJobTemplate.variables;
  if (schema === null || typeof schema !== "object") return;
  const properties = (schema as { properties?: Record<string, unknown> }).properties ?? {};
  const known = Object.fromEntries(Object.entries(jobVariables).filter(([name]) => name in properties));
  const failures = checkParameters(known, schema as Record<string, unknown>, { ignoreRequired: true });
  if (failures.length > 0) throw unprocessable(`Error ${action} deployment: ${describeFailures(failures)}`);
}
