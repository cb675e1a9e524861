// Labels of the containers of flow runs, in Docker's reverse-DNS form as Prefect's Docker worker writes them
// (`prefect.io/flow-run-id` becomes `io.prefect.flow-run-id`): how a restarted worker finds the containers of its pool.

/** The label holding a container's flow run id. */
export const FLOW_RUN_ID_LABEL = "io.prefect.flow-run-id";
/** The label holding the name of the work pool a container's run came from. */
export const WORK_POOL_NAME_LABEL = "io.prefect.work-pool-name";

/**
 * A label name in Docker's form, as prefect-docker's `_convert_labels_to_docker_format`: a `namespace/key` name gets
 * its namespace reversed (`prefect.io/flow-run-id` -> `io.prefect.flow-run-id`); other names are kept.
 */
export function dockerLabelName(name: string): string {
  const slash = name.indexOf("/");
  if (slash < 0) return name;
  return `${name.slice(0, slash).split(".").reverse().join(".")}.${name.slice(slash + 1)}`;
}

/** Every label of `labels` in Docker's form ({@link dockerLabelName}); later names win when two convert alike. */
export function toDockerLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) out[dockerLabelName(name)] = value;
  return out;
}
