// A run's or deployment's tags as small chips; an em dash for none.
import type { ReactNode } from "react";

/** Tags as small chips. */
export function Tags(props: { tags: readonly string[] }): ReactNode {
  if (props.tags.length === 0) return <span className="muted">—</span>;
  return (
    <span className="tags">
      {props.tags.map((tag) => (
        <span className="tag" key={tag}>
          {tag}
        </span>
      ))}
    </span>
  );
}
