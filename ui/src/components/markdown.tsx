// Markdown that a flow or task wrote (artifacts and their descriptions) rendered as React elements, never as HTML:
// react-markdown turns raw HTML in the text into plain text and drops `javascript:` URLs; remark-gfm adds tables,
// strikethrough, task lists and bare links. It loads on demand (artifact-content.tsx), as its parser is large.
import type { ComponentProps, ReactNode } from "react";
import Markdown, { type Components, type ExtraProps } from "react-markdown";
import remarkGfm from "remark-gfm";

type HeadingTag = "h1" | "h2" | "h3" | "h4" | "h5" | "h6";
const HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"] as const;
const byLevel = new Map<number, Components>();

/**
 * The elements for text whose `#` headings are `h{level}` (a text sits under its page's h1 and a section's heading,
 * so its headings go down), links leaving the dashboard opening in a new tab without a handle on this one, and tables
 * in a box that scrolls sideways, which the keyboard can reach (tabIndex) to scroll it.
 */
function components(level: number): Components {
  let found = byLevel.get(level);
  if (found) return found;
  const heading = (depth: number) => {
    const Tag: HeadingTag = HEADINGS[Math.min(5, level + depth - 2)] ?? "h6";
    return function MarkdownHeading({ node: _node, ...props }: ComponentProps<"h1"> & ExtraProps): ReactNode {
      return <Tag {...props} />;
    };
  };
  found = {
    h1: heading(1),
    h2: heading(2),
    h3: heading(3),
    h4: heading(4),
    h5: heading(5),
    h6: heading(6),
    a: ({ node: _node, href, ...props }) => {
      const external = href !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(href);
      return <a href={href} {...props} {...(external ? { target: "_blank", rel: "noopener noreferrer" } : {})} />;
    },
    table: ({ node: _node, ...props }) => (
      <div className="artifact-table-wrap" tabIndex={0} role="group" aria-label="Table">
        <table {...props} />
      </div>
    ),
  };
  byLevel.set(level, found);
  return found;
}

/** Markdown text as elements, in a `.markdown` block; its `#` headings are `h{headingLevel}`. */
export function MarkdownText(props: { text: string; headingLevel?: number }): ReactNode {
  return (
    <div className="markdown">
      <Markdown remarkPlugins={[remarkGfm]} components={components(props.headingLevel ?? 3)}>
        {props.text}
      </Markdown>
    </div>
  );
}
