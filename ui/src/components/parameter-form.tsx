// The run form of a deployment: fields generated from its `parameter_openapi_schema` by @rjsf (strings, numbers,
// integers, booleans, enums, arrays, nested objects, dates; defaults, required fields, descriptions as help).
import Form from "@rjsf/core";
import type { ErrorSchema, RJSFSchema, UiSchema } from "@rjsf/utils";
import validator from "@rjsf/validator-ajv8";
import { useState, type ReactNode } from "react";

/** Props of {@link ParameterForm}. */
export interface ParameterFormProps {
  /** The deployment's parameter schema (an object schema, Prefect's shape, `definitions` allowed). */
  schema: Record<string, unknown>;
  /** The starting values: the deployment's parameters. */
  initial: Record<string, unknown>;
  submitText: string;
  disabled?: boolean;
  /** Errors the server gave for the last submit, shown on their fields (see server-errors.ts) until the next edit. */
  serverErrors?: ErrorSchema | undefined;
  /** Called on every edit (a page clears the server's errors then). */
  onEdit?: () => void;
  onSubmit: (parameters: Record<string, unknown>) => void;
}

/** The fields in their `position` order (the flow's parameter order, as Prefect's UI shows them), the rest after. */
function orderOf(schema: Record<string, unknown>): string[] {
  const properties = (schema.properties ?? {}) as Record<string, { position?: unknown }>;
  const position = (name: string): number => {
    const value = properties[name]?.position;
    return typeof value === "number" ? value : Number.MAX_SAFE_INTEGER;
  };
  return [...Object.keys(properties).sort((a, b) => position(a) - position(b)), "*"];
}

const uiSchemaOf = (schema: Record<string, unknown>, submitText: string, disabled: boolean): UiSchema => ({
  "ui:order": orderOf(schema),
  "ui:submitButtonOptions": { submitText, props: { disabled, className: "primary" } },
});

/** A form for a parameter schema; checks it in the browser first, then hands the values to `onSubmit`. */
export function ParameterForm(props: ParameterFormProps): ReactNode {
  // The schema's title ("Parameters") would repeat the panel's heading.
  const { title: _title, ...schema } = props.schema;
  // After a rejected submit, errors follow the edits (and clear once fixed) instead of staying until the next submit.
  const [failed, setFailed] = useState(false);
  // Controlled: the edits survive a re-render with new props (the server's errors arriving, a disabled button).
  const [data, setData] = useState<Record<string, unknown>>(props.initial);
  return (
    <Form
      className="rjsf parameter-form"
      schema={schema as RJSFSchema}
      formData={data}
      uiSchema={uiSchemaOf(schema, props.submitText, props.disabled ?? false)}
      validator={validator}
      showErrorList={false}
      noHtml5Validate
      liveValidate={failed}
      // The errors show on their fields; without a handler rjsf also logs them to the console.
      onError={() => setFailed(true)}
      {...(props.serverErrors ? { extraErrors: props.serverErrors } : {})}
      onChange={({ formData }) => {
        setData((formData ?? {}) as Record<string, unknown>);
        props.onEdit?.();
      }}
      onSubmit={({ formData }) => props.onSubmit((formData ?? {}) as Record<string, unknown>)}
    />
  );
}
