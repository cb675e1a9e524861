// The progress of an image build and push as the CLI shows it: every output line, plus, in a terminal, a spinner
// under them naming the current step. The build itself is src/deploy/image; this only prints.
import type { CliContext } from "./context.js";
import { startProgress, type Progress } from "./output.js";

/** A sink for the build and push lines of `deploy`, and the way to remove its spinner. */
export interface ImageProgress {
  /** Prints one output line and moves the spinner on. */
  onLine(line: string): void;
  /** Removes the spinner, if one was drawn. */
  stop(): void;
}

// Classic builder `Step 3/9 : RUN npm ci`; push stream `<layer>: Pushing`.
const STEP = /^Step (\d+\/\d+) : /;

/** The spinner's text for the last line seen. */
function stepText(line: string, previous: string): string {
  const step = STEP.exec(line);
  if (step) return `Building image: step ${step[1]}`;
  if (/: (Pushing|Preparing|Waiting|Layer already exists|Pushed)\b/.test(line) || line.startsWith("The push refers to"))
    return "Pushing image";
  return previous;
}

/** Progress of an image build and push; the spinner starts with the first line (nothing is drawn when none comes). */
export function imageProgress(context: CliContext): ImageProgress {
  let spinner: Progress | undefined;
  let text = "Building image";
  return {
    onLine(line) {
      context.out(line);
      text = stepText(line, text);
      spinner ??= startProgress(context, text);
      spinner.update(`${text}...`);
    },
    stop() {
      spinner?.stop();
    },
  };
}
