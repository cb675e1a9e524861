// A table artifact as an HTML table. Its data is the JSON text of one of the three shapes Prefect's SDK accepts: rows
// as objects (`[{"a":1}]`, a header from their keys), columns as arrays (`{"a":[1,2]}`, a header from the column
// names), or rows as arrays (`[[1,2]]`, no header). Any other data is not a table (the caller shows it as JSON).
import type { ReactNode } from "react";

/** A table's header (none for rows as arrays) and its rows of cells. */
export interface TableData {
  readonly columns: readonly string[] | undefined;
  readonly rows: readonly (readonly unknown[])[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The table in a table artifact's data (its JSON text, or the value itself), or `undefined` for another shape. */
export function parseTable(data: unknown): TableData | undefined {
  let value = data;
  if (typeof data === "string") {
    try {
      value = JSON.parse(data) as unknown;
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(value)) {
    if (value.every(isRecord)) {
      // Every row's keys, in the order they first appear: rows need not all have the same ones.
      const columns = [...new Set(value.flatMap((row) => Object.keys(row)))];
      return { columns, rows: value.map((row) => columns.map((column) => row[column])) };
    }
    if (value.every((row) => Array.isArray(row))) return { columns: undefined, rows: value as unknown[][] };
    return undefined;
  }
  if (isRecord(value) && Object.values(value).every((column) => Array.isArray(column))) {
    const columns = Object.keys(value);
    const height = Math.max(0, ...columns.map((column) => (value[column] as unknown[]).length));
    const rows = Array.from({ length: height }, (_, i) => columns.map((column) => (value[column] as unknown[])[i]));
    return { columns, rows };
  }
  return undefined;
}

/** One cell's text: strings as they are, numbers and booleans as written, objects as compact JSON. */
function Cell(props: { value: unknown }): ReactNode {
  const { value } = props;
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return <code>{JSON.stringify(value)}</code>;
}

/** The table, labelled `label`, in a box that scrolls sideways when it is wider than the page. */
export function ArtifactTable(props: { table: TableData; label: string }): ReactNode {
  const { columns, rows } = props.table;
  if (rows.length === 0 && (columns === undefined || columns.length === 0))
    return <p className="muted">Empty table.</p>;
  return (
    <div className="artifact-table-wrap" tabIndex={0} role="group" aria-label={props.label}>
      <table className="table artifact-table" aria-label={props.label}>
        {columns ? (
          <thead>
            <tr>
              {columns.map((column) => (
                <th scope="col" key={column}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
        ) : null}
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {row.map((value, c) => (
                <td key={c} className={typeof value === "number" ? "numeric" : undefined}>
                  <Cell value={value} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="muted">No rows.</p> : null}
    </div>
  );
}
