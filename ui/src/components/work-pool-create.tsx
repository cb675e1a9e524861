// Creating a work pool from the dashboard: a name, a type picked from the worker types the server lists
// (`readWorkerMetadata`, Prefect's `aggregate-worker-metadata`), a description and a concurrency limit. The pool starts
// with its type's default base job template, as `prefect-ts work-pool create` makes it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { ObjectNotFoundError } from "prefect-ts/client";
import { useClient } from "../client-context";

/** One pool type offered: its wire name, its name for people, what it does, and its default base job template. */
interface PoolType {
  type: string;
  displayName: string;
  description: string;
  template: Record<string, unknown> | undefined;
}

/** The types a server without the registry view still takes (their templates then start empty). */
const FALLBACK: readonly PoolType[] = [
  {
    type: "process",
    displayName: "Process",
    description: "Flow runs as processes on the worker's machine.",
    template: undefined,
  },
  { type: "docker", displayName: "Docker", description: "Flow runs as Docker containers.", template: undefined },
  {
    type: "prefect:managed",
    displayName: "Prefect Managed",
    description: "Flow runs executed by the server itself.",
    template: undefined,
  },
];

const ORDER = ["process", "docker", "prefect:managed"];
const rank = (type: string): number => (ORDER.includes(type) ? ORDER.indexOf(type) : ORDER.length);

/** The server's worker types: process, docker, prefect:managed, then any other. */
function usePoolTypes(): { types: readonly PoolType[]; loading: boolean } {
  const client = useClient();
  const metadata = useQuery({
    queryKey: ["worker-metadata"],
    queryFn: async () => {
      try {
        return await client.readWorkerMetadata();
      } catch (error) {
        if (error instanceof ObjectNotFoundError) return undefined;
        throw error;
      }
    },
    staleTime: Infinity,
  });
  if (!metadata.data) return { types: FALLBACK, loading: metadata.isLoading };
  const types = Object.values(metadata.data)
    .flatMap((collection) => Object.values(collection))
    .map((entry) => ({
      type: String(entry.type),
      displayName: typeof entry.display_name === "string" ? entry.display_name : String(entry.type),
      description: typeof entry.description === "string" ? entry.description : "",
      template: (entry.default_base_job_configuration ?? undefined) as Record<string, unknown> | undefined,
    }))
    .sort((a, b) => rank(a.type) - rank(b.type));
  return { types, loading: false };
}

/** The "Create work pool" panel; `onClose` hides it. */
export function CreateWorkPoolPanel(props: { onClose: () => void }): ReactNode {
  const id = useId();
  const client = useClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { types, loading } = usePoolTypes();
  const [name, setName] = useState("");
  const [type, setType] = useState("process");
  const [description, setDescription] = useState("");
  const [limit, setLimit] = useState("");
  const create = useMutation({
    mutationFn: () => {
      const template = types.find((t) => t.type === type)?.template;
      return client.createWorkPool({
        name: name.trim(),
        type,
        ...(description.trim() === "" ? {} : { description: description.trim() }),
        ...(limit === "" ? {} : { concurrencyLimit: Number(limit) }),
        ...(template ? { baseJobTemplate: template } : {}),
      });
    },
    onSuccess: async (pool) => {
      await queryClient.invalidateQueries({ queryKey: ["work-pools"] });
      // A client-side navigation: nothing to wait for, and the router shows its own errors.
      void navigate(`/work-pools/work-pool/${encodeURIComponent(pool.name)}`);
    },
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <div className="panel" role="region" aria-label="Create work pool">
      <div className="panel-head">
        <h2>Create a work pool</h2>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      <form className="stack-form" onSubmit={submit}>
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          placeholder="my-pool"
        />
        <fieldset className="type-picker">
          <legend>Type</legend>
          {types.map((t) => (
            <label key={t.type} className={type === t.type ? "type-option selected" : "type-option"}>
              <input
                type="radio"
                name={`${id}-type`}
                value={t.type}
                checked={type === t.type}
                onChange={() => setType(t.type)}
              />
              <span>
                <strong>{t.displayName}</strong> <code>{t.type}</code>
                <span className="muted type-description">{t.description}</span>
              </span>
            </label>
          ))}
          {loading ? <p className="muted">Loading the worker types…</p> : null}
        </fieldset>
        <label htmlFor={`${id}-description`}>Description</label>
        <input id={`${id}-description`} value={description} onChange={(e) => setDescription(e.target.value)} />
        <label htmlFor={`${id}-limit`}>Concurrency limit</label>
        <input
          id={`${id}-limit`}
          type="number"
          min={0}
          step={1}
          value={limit}
          placeholder="Unlimited"
          onChange={(e) => setLimit(e.target.value)}
        />
        {create.error ? (
          <p className="error" role="alert">
            {create.error.message}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending || name.trim() === ""}>
            Create
          </button>
        </div>
      </form>
    </div>
  );
}
