// Server-side pagination controls: "1–25 of 10,000" with Previous and Next.
import type { ReactNode } from "react";

/** Pager of a list read `pageSize` at a time from the server. */
export function Pager(props: {
  page: number;
  pageSize: number;
  total: number | undefined;
  onPage: (page: number) => void;
  label: string;
}): ReactNode {
  const { page, pageSize, total, onPage, label } = props;
  const first = total === 0 ? 0 : page * pageSize + 1;
  const last = total === undefined ? (page + 1) * pageSize : Math.min(total, (page + 1) * pageSize);
  const lastPage = total === undefined ? page : Math.max(0, Math.ceil(total / pageSize) - 1);
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <span className="muted">
        {first.toLocaleString()}–{last.toLocaleString()} of {total === undefined ? "…" : total.toLocaleString()}
      </span>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page === 0}>
        Previous
      </button>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= lastPage}>
        Next
      </button>
    </nav>
  );
}
