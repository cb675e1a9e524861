// The errors of building, checking and pushing deployment images. Engine connection errors are src/docker/engine.ts's
// DockerUnavailableError; invalid image options are ConfigErrors.
import { PrefectError } from "../../errors.js";

/** A `docker build` that failed: the message has the failing step and the last lines of the build output. */
export class ImageBuildError extends PrefectError {
  override readonly name: string = "ImageBuildError";
  /** The image reference being built. */
  readonly reference: string;
  /** The step that failed, e.g. `Step 3/5 : RUN ["npm", "ci"]`, when the output named one. */
  readonly step: string | undefined;
  /** The last lines of the build output. */
  readonly lastLines: readonly string[];
  constructor(
    message: string,
    details: { reference: string; step: string | undefined; lastLines: readonly string[] },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.reference = details.reference;
    this.step = details.step;
    this.lastLines = details.lastLines;
  }
}

/** A push that failed (registry unreachable, authentication refused, image missing); names the registry and the fix. */
export class ImagePushError extends PrefectError {
  override readonly name: string = "ImagePushError";
  readonly reference: string;
  /** The registry pushed to (`127.0.0.1:5000`, or `docker.io`). */
  readonly registry: string;
  constructor(message: string, details: { reference: string; registry: string }, options?: { cause?: unknown }) {
    super(message, options);
    this.reference = details.reference;
    this.registry = details.registry;
  }
}

/**
 * A built image that cannot run flows (checked at deploy time, before any deployment is written): `prefect-ts` is not
 * on its PATH, or does not start. The message says what the Dockerfile needs.
 */
export class ImageCheckError extends PrefectError {
  override readonly name: string = "ImageCheckError";
  /** The image reference checked. */
  readonly reference: string;
  constructor(message: string, details: { reference: string }, options?: { cause?: unknown }) {
    super(message, options);
    this.reference = details.reference;
  }
}
