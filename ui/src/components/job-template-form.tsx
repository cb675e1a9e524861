// A work pool's base job template as a form: its `variables` schema rendered by the parameter form, the values being
// the variables' defaults. Saving writes the new defaults back into the template (what every run of the pool starts
// from unless its deployment or the run sets a value). Loaded lazily with the form library.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { WorkPool } from "prefect-ts/client";
import { useClient } from "../client-context";
import { ParameterForm } from "./parameter-form";

type Properties = Record<string, Record<string, unknown>>;

/** The defaults of the template's variables, `{ [name]: default }`. */
function defaultsOf(properties: Properties): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(properties).flatMap(([name, property]) => ("default" in property ? [[name, property.default]] : [])),
  );
}

/** The template with `values` as its variables' defaults (an emptied value drops the default). */
function withDefaults(template: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  const variables = (template.variables ?? {}) as Record<string, unknown>;
  const properties: Properties = {};
  for (const [name, property] of Object.entries((variables.properties ?? {}) as Properties)) {
    const { default: _old, ...rest } = property;
    const value = values[name];
    properties[name] = value === undefined || value === "" ? rest : { ...rest, default: value };
  }
  return { ...template, variables: { ...variables, properties } };
}

/** The base job template form of `pool`. */
export function JobTemplateForm(props: { pool: WorkPool }): ReactNode {
  const { pool } = props;
  const client = useClient();
  const queryClient = useQueryClient();
  const template = pool.baseJobTemplate as Record<string, unknown>;
  // Defaults are not a job: a required variable may stay without one (Prefect checks defaults with ignore_required).
  const { required: _required, ...variables } = (template.variables ?? {}) as Record<string, unknown>;
  const properties = (variables.properties ?? {}) as Properties;
  const save = useMutation({
    mutationFn: (values: Record<string, unknown>) =>
      client.updateWorkPool(pool.name, { baseJobTemplate: withDefaults(template, values) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["work-pool", pool.name] }),
  });
  if (Object.keys(properties).length === 0) {
    return <p className="muted">This pool's base job template has no variables.</p>;
  }
  return (
    <>
      <p className="muted">The defaults of the job variables: a deployment's or a run's own values win over them.</p>
      {save.error ? (
        <p className="error" role="alert">
          {save.error.message}
        </p>
      ) : null}
      {save.isSuccess ? (
        <p className="muted" role="status">
          Defaults saved.
        </p>
      ) : null}
      <ParameterForm
        schema={{ ...variables, type: "object", properties }}
        initial={defaultsOf(properties)}
        submitText="Save defaults"
        disabled={save.isPending}
        onEdit={() => save.isSuccess && save.reset()}
        onSubmit={(values) => save.mutate(values)}
      />
    </>
  );
}
