// The error hierarchy of prefect-ts, named as Prefect names its exceptions.
// Which HTTP status becomes which class is decided in src/client/errors.ts, nowhere else.

/** Base class of every error prefect-ts throws on purpose. */
export class PrefectError extends Error {
  override readonly name: string = "PrefectError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An HTTP answer from the Prefect API that is not a success. */
export class PrefectHTTPStatusError extends PrefectError {
  override readonly name: string = "PrefectHTTPStatusError";
  readonly status: number;
  readonly method: string;
  readonly url: string;
  /** The parsed JSON body of the answer, when it was JSON. */
  readonly body: unknown;
  constructor(
    message: string,
    details: { status: number; method: string; url: string; body: unknown },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = details.status;
    this.method = details.method;
    this.url = details.url;
    this.body = details.body;
  }
}

/** 404: the object asked for does not exist. */
export class ObjectNotFoundError extends PrefectHTTPStatusError {
  override readonly name: string = "ObjectNotFoundError";
}

/** 409: an object with that identity exists already, or the request conflicts with its state. */
export class ObjectAlreadyExistsError extends PrefectHTTPStatusError {
  override readonly name: string = "ObjectAlreadyExistsError";
}

/** One failing field of a 422 answer, as Prefect's `exception_detail` lists them. */
export interface ValidationIssue {
  readonly loc: readonly (string | number)[];
  readonly msg: string;
  readonly type: string;
}

/** 422: the server refused the payload; `issues` names every failing field. */
export class ValidationError extends PrefectHTTPStatusError {
  override readonly name: string = "ValidationError";
  readonly issues: readonly ValidationIssue[];
  constructor(
    message: string,
    details: { status: number; method: string; url: string; body: unknown; issues: readonly ValidationIssue[] },
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
    this.issues = details.issues;
  }
}

/** 401/403: missing or wrong credentials. */
export class UnauthorizedError extends PrefectHTTPStatusError {
  override readonly name: string = "UnauthorizedError";
}

/** The API could not be reached at all (refused, reset, timed out). */
export class ServerUnreachableError extends PrefectError {
  override readonly name: string = "ServerUnreachableError";
  readonly url: string;
  constructor(message: string, url: string, options?: { cause?: unknown }) {
    super(message, options);
    this.url = url;
  }
}

/** An answer that does not match Prefect's schema for that route. */
export class ResponseSchemaError extends PrefectError {
  override readonly name: string = "ResponseSchemaError";
}

/** Flow or task parameters that fail their schema; `issues` names each field. */
export class ParameterValidationError extends PrefectError {
  override readonly name: string = "ParameterValidationError";
  readonly issues: readonly { readonly path: string; readonly message: string }[];
  constructor(message: string, issues: readonly { path: string; message: string }[], options?: { cause?: unknown }) {
    super(message, options);
    this.issues = issues;
  }
}

/** An invalid cron, interval or rrule schedule, or time zone. */
export class ScheduleError extends PrefectError {
  override readonly name: string = "ScheduleError";
}

/** An entrypoint (`path/to/file.ts:exportName`) that cannot be loaded. */
export class EntrypointError extends PrefectError {
  override readonly name: string = "EntrypointError";
}

/** An artifact the SDK will not send: a key outside Prefect's rule, a table of no known shape, a progress that is no number. */
export class ArtifactError extends PrefectError {
  override readonly name: string = "ArtifactError";
  /** The argument at fault: `key`, `table`, `progress`, `markdown`. */
  readonly field: string;
  constructor(message: string, field: string) {
    super(message);
    this.field = field;
  }
}

/** An invalid setting, profile or option given to `flow()`/`task()`. */
export class ConfigError extends PrefectError {
  override readonly name: string = "ConfigError";
  /** The setting or option at fault, e.g. `PREFECT_API_URL` or `retries`. */
  readonly key: string | undefined;
  constructor(message: string, key?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.key = key;
  }
}

/** Base of the errors that report a run's final state. `state` is the client's State model. */
export class RunStateError extends PrefectError {
  override readonly name: string = "RunStateError";
  readonly state: unknown;
  constructor(message: string, state: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.state = state;
  }
}

/** A flow or task run ended `Failed`; `cause` is the user's error when it came from this process. */
export class FailedRunError extends RunStateError {
  override readonly name: string = "FailedRunError";
}

/** A run ended `Crashed`: its process died or the infrastructure failed. */
export class CrashedRunError extends RunStateError {
  override readonly name: string = "CrashedRunError";
}

/** A run ended `Cancelled`. */
export class CancelledRunError extends RunStateError {
  override readonly name: string = "CancelledRunError";
}

/** A run exceeded its `timeoutSeconds`. */
export class TimeoutRunError extends PrefectError {
  override readonly name: string = "TimeoutRunError";
}

/** A project step (`build`, `push` or `pull` of prefect.yaml) failed; the message names it and ends with its output. */
export class StepExecutionError extends PrefectError {
  override readonly name: string = "StepExecutionError";
  /** The step as written, e.g. `prefect_ts.deployments.steps.git_clone`. */
  readonly step: string;
  constructor(message: string, step: string, options?: { cause?: unknown }) {
    super(message, options);
    this.step = step;
  }
}
