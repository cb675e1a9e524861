// Reading the JSON progress stream of a build (`POST /build`): the lines to show, the current step, the image id,
// and the error, turned into one ImageBuildError message. Pure: build-image.ts feeds it the engine's events.
import { ImageBuildError } from "./image-errors.js";

/** One event of the engine's build or push stream (the fields we read). */
export interface DockerProgressEvent {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  error?: string;
  errorDetail?: { code?: number; message?: string };
  aux?: { ID?: string; Digest?: string; Tag?: string; Size?: number };
}

/** How many output lines an ImageBuildError keeps. */
export const LAST_LINES = 15;

// Classic builder: `Step 3/5 : RUN ...`; kept as the failing step when the build errors after it.
const STEP = /^Step \d+\/\d+ : /;

// An exec-form `node -e` step (`RUN ["node","-e","<script>"]`): the generated Dockerfile links prefect-ts onto PATH
// with a ~1,500-character one-line script that the engine echoes back; the output names what it does instead.
const NODE_E = /\["node",\s*"-e",\s*"((?:[^"\\]|\\.)*)"\]/;
/** Longer inline scripts are summarized in the build output. */
const LONG_SCRIPT = 120;

/**
 * A build output line as shown to the user: a long `node -e` script becomes a short description of the step
 * (`RUN node -e <script: links the prefect-ts command onto PATH>`); every other line is unchanged.
 */
export function describeBuildLine(line: string): string {
  const match = NODE_E.exec(line);
  const script = match?.[1];
  if (match === null || script === undefined || script.length <= LONG_SCRIPT) return line;
  const what =
    script.includes("prefect-ts") && script.includes("symlinkSync")
      ? "links the prefect-ts command onto PATH"
      : `${script.length} characters`;
  return line.replace(match[0], `node -e <script: ${what}>`);
}

/** Accumulates a build's progress events. */
export class BuildOutput {
  /** The last `Step n/m : ...` line seen. */
  step: string | undefined;
  /** The built image's id (`sha256:...`), from the `aux` event or `Successfully built <id>`. */
  imageId: string | undefined;
  /** The error the stream ended with, if any. */
  error: string | undefined;
  readonly #lines: string[] = [];

  /** Records one event; returns the human-readable lines it carries (for progress). */
  handle(event: DockerProgressEvent): string[] {
    const lines: string[] = [];
    if (typeof event.stream === "string") {
      for (const raw of event.stream.split("\n")) {
        const line = describeBuildLine(raw.replace(/\r$/, "").replace(/\s+$/, ""));
        if (line === "") continue;
        lines.push(line);
        if (STEP.test(line)) this.step = line;
        const built = /^Successfully built ([0-9a-f]+)$/.exec(line);
        if (built?.[1] !== undefined && this.imageId === undefined) this.imageId = built[1];
      }
    } else if (typeof event.status === "string") {
      // Pull progress of the base image: keep one line per layer state, not every byte count.
      lines.push(event.id === undefined ? event.status : `${event.id}: ${event.status}`);
    }
    if (event.aux?.ID !== undefined) this.imageId = event.aux.ID;
    const error = event.errorDetail?.message ?? event.error;
    if (error !== undefined && error !== "") {
      this.error = error;
      lines.push(`ERROR: ${error}`);
    }
    for (const line of lines) this.#remember(line);
    return lines;
  }

  #remember(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length > LAST_LINES) this.#lines.shift();
  }

  /** The last lines of output (at most {@link LAST_LINES}). */
  get lastLines(): readonly string[] {
    return [...this.#lines];
  }

  /** The error for a failed build of `reference`: the step, the engine's message, and the last lines. */
  toError(reference: string, error: string | undefined = this.error, cause?: unknown): ImageBuildError {
    const step = this.step !== undefined && this.step.length > 160 ? `${this.step.slice(0, 157)}...` : this.step;
    const where = step === undefined ? "" : ` at ${step}`;
    const lastLines = this.lastLines.filter((line) => line !== `ERROR: ${error ?? ""}`);
    const tail =
      lastLines.length === 0
        ? ""
        : `\nLast lines of the build output:\n${lastLines.map((line) => `  | ${line}`).join("\n")}`;
    return new ImageBuildError(
      `Building image "${reference}" failed${where}: ${error ?? "the engine ended the build without a result"}${tail}`,
      { reference, step: this.step, lastLines },
      cause === undefined ? undefined : { cause },
    );
  }
}
