// The run form of a deployment: fields generated from its `parameter_openapi_schema` by @rjsf (strings, numbers,
// integers, booleans, enums, arrays, nested objects, dates; defaults, required fields, descriptions as help).
import Form from "@rjsf/core";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
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
  onSubmit: (parameters: Record<string, unknown>) => void;
}

const uiSchemaOf = (submitText: string, disabled: boolean): UiSchema => ({
  "ui:submitButtonOptions": { submitText, props: { disabled, className: "primary" } },
});

/** A form for a parameter schema; checks it in the browser first, then hands the values to `onSubmit`. */
export function ParameterForm(props: ParameterFormProps): ReactNode {
  // The schema's title ("Parameters") would repeat the panel's heading.
  const { title: _title, ...schema } = props.schema;
  // After a rejected submit, errors follow the edits (and clear once fixed) instead of staying until the next submit.
  const [failed, setFailed] = useState(false);
  return (
    <Form
      className="rjsf parameter-form"
      schema={schema as RJSFSchema}
      formData={props.initial}
      uiSchema={uiSchemaOf(props.submitText, props.disabled ?? false)}
      validator={validator}
      showErrorList={false}
      noHtml5Validate
      liveValidate={failed}
      // The errors show on their fields; without a handler rjsf also logs them to the console.
      onError={() => setFailed(true)}
      onSubmit={({ formData }) => props.onSubmit((formData ?? {}) as Record<string, unknown>)}
    />
  );
}
