// The server's refusal of a run's parameters, put on the form's fields: a 409 (which the client reads into a
// ParameterValidationError naming each field, `days` / `config.items[0]`) or a 422 (`exception_detail` locations under
// `body.parameters`) becomes an rjsf error schema; what names no field stays a message for the whole form.
import type { ErrorSchema } from "@rjsf/utils";
import { ParameterValidationError, ValidationError } from "prefect-ts/client";

/** Field errors for the form, and the rest as one message. */
export interface ServerFormErrors {
  fields: ErrorSchema | undefined;
  message: string | undefined;
}

/** `config.items[0]` -> `["config", "items", "0"]`. */
function pathOf(field: string): string[] {
  return field.split(/\.|\[(\d+)\]/).filter((part): part is string => part !== undefined && part !== "");
}

function addError(schema: Record<string, unknown>, path: readonly (string | number)[], message: string): void {
  let node = schema;
  for (const part of path) node = (node[String(part)] ??= {}) as Record<string, unknown>;
  ((node.__errors ??= []) as string[]).push(message);
}

/**
 * Splits a failed run request into errors on the form's fields (known `properties`) and a message for the rest.
 * @example serverFormErrors(error, ["name"]) // { fields: { name: { __errors: ["'Trillian' is too long"] } }, message: undefined }
 */
export function serverFormErrors(error: Error | null, fieldNames: readonly string[]): ServerFormErrors {
  if (error === null) return { fields: undefined, message: undefined };
  const failures: { path: (string | number)[]; reason: string }[] = [];
  if (error instanceof ValidationError) {
    for (const issue of error.issues) {
      const at = issue.loc.indexOf("parameters");
      if (issue.loc[0] === "body" && at === 1 && issue.loc.length > 2)
        failures.push({ path: [...issue.loc.slice(2)], reason: issue.msg });
    }
  } else if (error instanceof ParameterValidationError) {
    for (const issue of error.issues) failures.push({ path: pathOf(issue.path), reason: issue.message });
  }
  const onFields = failures.filter(
    (failure) => failure.path.length > 0 && fieldNames.includes(String(failure.path[0])),
  );
  if (onFields.length === 0) return { fields: undefined, message: error.message };
  const fields: Record<string, unknown> = {};
  for (const failure of onFields) addError(fields, failure.path, failure.reason);
  const rest = failures.length - onFields.length;
  return {
    fields: fields as ErrorSchema,
    message: rest > 0 || failures.length === 0 ? error.message : undefined,
  };
}
