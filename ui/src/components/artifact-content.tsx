// An artifact's content as its type says: markdown rendered (markdown.tsx, loaded on demand), a table
// (artifact-table.tsx), a progress bar with its percentage, an image by its URL, anything else as indented JSON; its
// type as a badge, and its description's first line for lists. Shared by the artifact pages and the runs' pages.
import { lazy, Suspense, type ReactNode } from "react";
import { ArtifactTable, parseTable } from "./artifact-table";
import "./artifacts.css";

// The markdown parser is the largest part of the artifact pages: it loads with the first markdown shown.
const MarkdownText = lazy(() => import("./markdown").then((m) => ({ default: m.MarkdownText })));

/** What the components here read of an artifact, or of a key's latest artifact. */
export interface ArtifactSubject {
  readonly key?: string | null;
  readonly type?: string | null;
  readonly description?: string | null;
  readonly data?: unknown;
}

/** Markdown rendered (`#` headings as `h{headingLevel}`, h3 unless told); its plain text until the renderer loads. */
export function Markdown(props: { text: string; headingLevel?: number }): ReactNode {
  return (
    <Suspense fallback={<p className="markdown-pending">{props.text}</p>}>
      <MarkdownText text={props.text} headingLevel={props.headingLevel} />
    </Suspense>
  );
}

/** An artifact's markdown description, when it has one (`#` headings as `h{headingLevel}`). */
export function ArtifactDescription(props: { text: string | null | undefined; headingLevel?: number }): ReactNode {
  if (!props.text) return null;
  return (
    <div className="artifact-description">
      <Markdown text={props.text} headingLevel={props.headingLevel} />
    </div>
  );
}

/** The artifact's title: its key, else what it is ("Table artifact"). */
export function artifactTitle(artifact: ArtifactSubject): string {
  if (artifact.key) return artifact.key;
  const type = artifact.type ?? "";
  return type ? `${type.charAt(0).toUpperCase()}${type.slice(1)} artifact` : "Artifact";
}

/**
 * The first line of a markdown description as plain text, for a list or an image's alt text: heading, quote and list
 * marks, emphasis and link targets dropped. An empty string for none.
 */
export function descriptionSummary(description: string | null | undefined): string {
  const line = (description ?? "").split("\n").find((text) => text.trim() !== "") ?? "";
  return line
    .replace(/^\s*(#{1,6}\s+|>\s*|[-*+]\s+|\d+\.\s+)/, "")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\*\*|__|`/g, "")
    .trim();
}

/** The artifact's type as a small badge (`markdown`, `table`, ...). */
export function ArtifactTypeBadge(props: { type: string | null | undefined }): ReactNode {
  const type = props.type ?? "unknown";
  return (
    <span className="artifact-type" data-artifact-type={type}>
      {type}
    </span>
  );
}

/** An image URL the page may load: http(s), relative to the dashboard, or a `data:image/` URL; else `undefined`. */
function imageUrl(data: unknown): string | undefined {
  if (typeof data !== "string" || data.trim() === "") return undefined;
  const text = data.trim();
  if (/^data:image\//i.test(text)) return text;
  try {
    const url = new URL(text, document.baseURI);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A number from 0 to 100 in a progress artifact's data, or `undefined`. */
function percentage(data: unknown): number | undefined {
  const value = typeof data === "string" && data.trim() !== "" ? Number(data) : data;
  return typeof value === "number" && Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : undefined;
}

/** Data of another type (or of a known type in an unexpected shape) as indented JSON; JSON text is parsed first. */
function JsonData(props: { data: unknown; label: string }): ReactNode {
  if (props.data === undefined || props.data === null) return <p className="muted">No data.</p>;
  let value: unknown = props.data;
  if (typeof props.data === "string") {
    try {
      value = JSON.parse(props.data);
    } catch {
      // Not JSON: the text itself.
    }
  }
  return (
    <pre className="code" aria-label={props.label} tabIndex={0}>
      {typeof value === "string" ? value : JSON.stringify(value, null, 2)}
    </pre>
  );
}

/**
 * The artifact's data rendered as its type says; `label` names the table, progress bar or data block, and a markdown
 * text's `#` headings are `h{headingLevel}`.
 */
export function ArtifactContent(props: { artifact: ArtifactSubject; label: string; headingLevel?: number }): ReactNode {
  const { artifact, label } = props;
  const { data } = artifact;
  switch (artifact.type) {
    case "markdown":
      if (typeof data === "string") return <Markdown text={data} headingLevel={props.headingLevel} />;
      break;
    case "table": {
      const table = parseTable(data);
      if (table) return <ArtifactTable table={table} label={label} />;
      break;
    }
    case "progress": {
      const value = percentage(data);
      if (value === undefined) break;
      const text = `${value.toLocaleString(undefined, { maximumFractionDigits: 1 })}%`;
      return (
        <div className="artifact-progress">
          <progress max={100} value={value} aria-label={label} aria-valuetext={text} />
          <span className="artifact-progress-value">{text}</span>
        </div>
      );
    }
    case "image": {
      const src = imageUrl(data);
      if (src === undefined) break;
      const alt = descriptionSummary(artifact.description) || artifact.key || "Image artifact";
      return (
        <figure className="artifact-image">
          <img src={src} alt={alt} loading="lazy" />
        </figure>
      );
    }
  }
  return <JsonData data={data} label={label} />;
}
