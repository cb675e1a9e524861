// A concurrency limit shown with its editor: the limit (or "Unlimited"), a number field to set it, and Clear.
// Used by the work pool page; the page sends the change to the API.
import { useId, useState, type FormEvent, type ReactNode } from "react";

/** Props of {@link ConcurrencyLimitForm}. */
export interface ConcurrencyLimitFormProps {
  /** The current limit; `null` is unlimited. */
  limit: number | null;
  pending: boolean;
  /** Called with the new limit, `null` to clear it. */
  onChange: (limit: number | null) => void;
}

/** `4 [   ] Set  Clear`: the limit and how to change it. */
export function ConcurrencyLimitForm(props: ConcurrencyLimitFormProps): ReactNode {
  const id = useId();
  const [value, setValue] = useState("");
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (value === "") return;
    props.onChange(Number(value));
    setValue("");
  };
  return (
    <form className="inline-form" aria-label="Concurrency limit" onSubmit={submit}>
      <span data-limit={props.limit ?? "none"}>{props.limit ?? "Unlimited"}</span>
      <label htmlFor={`${id}-limit`} className="visually-hidden">
        New concurrency limit
      </label>
      <input
        id={`${id}-limit`}
        type="number"
        min={0}
        step={1}
        value={value}
        placeholder="New limit"
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" disabled={props.pending || value === ""}>
        Set
      </button>
      {props.limit !== null ? (
        <button type="button" onClick={() => props.onChange(null)} disabled={props.pending}>
          Clear
        </button>
      ) : null}
    </form>
  );
}
