// The camelCase models the client returns and accepts, derived from the snake_case zod wire schemas by mapped types
// that mirror what src/client/wire-mapper.ts does at run time (datetime strings become Date, user-keyed maps stay).
import type * as z from "zod";
import type * as schemas from "../schemas/index.js";

/** `flow_run_id` -> `flowRunId`; `not_any_` -> `notAny_` (filter operators keep their trailing underscore). */
export type CamelCase<S extends string> = S extends `${infer H}_${infer C}${infer R}`
  ? H extends ""
    ? S
    : `${H}${Uppercase<C>}${CamelCase<R>}`
  : S;

/** Wire fields whose content is the user's (keys untouched), mirrored from the run-time mapper. */
type UserKeyed =
  | "parameters"
  | "context"
  | "labels"
  | "job_variables"
  | "data"
  | "parameter_openapi_schema"
  | "base_job_template"
  | "job_configuration"
  | "variables"
  | "pull_steps"
  | "infra_overrides";

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type OptionalKeys<Shape> = {
  [K in keyof Shape]: Shape[K] extends z.ZodOptional<z.ZodType> ? K : never;
}[keyof Shape];

type InputOptionalKeys<Shape> = {
  [K in keyof Shape]: Shape[K] extends z.ZodOptional<z.ZodType> | z.ZodDefault<z.ZodType> | z.ZodPrefault<z.ZodType>
    ? K
    : never;
}[keyof Shape];

type FieldModel<K, S> = K extends UserKeyed ? z.output<S> : ModelOf<S>;
type FieldInput<K, S> = K extends UserKeyed ? z.input<S> : InputOf<S>;

type ObjectModel<Shape> = Simplify<
  {
    [K in Exclude<keyof Shape, OptionalKeys<Shape>> as CamelCase<K & string>]: FieldModel<K, Shape[K]>;
  } & {
    [K in OptionalKeys<Shape> as CamelCase<K & string>]?: FieldModel<K, Shape[K]>;
  }
>;

type ObjectInput<Shape> = Simplify<
  {
    [K in Exclude<keyof Shape, InputOptionalKeys<Shape>> as CamelCase<K & string>]: FieldInput<K, Shape[K]>;
  } & {
    [K in InputOptionalKeys<Shape> as CamelCase<K & string>]?: FieldInput<K, Shape[K]>;
  }
>;

/** The camelCase model of a wire schema's output: datetime strings become `Date`, records keep their keys. */
export type ModelOf<S> = S extends z.ZodISODateTime
  ? Date
  : S extends z.ZodOptional<infer I>
    ? ModelOf<I> | undefined
    : S extends z.ZodNullable<infer I>
      ? ModelOf<I> | null
      : S extends z.ZodDefault<infer I> | z.ZodPrefault<infer I> | z.ZodReadonly<infer I> | z.ZodCatch<infer I>
        ? ModelOf<I>
        : S extends z.ZodArray<infer I>
          ? ModelOf<I>[]
          : S extends z.ZodRecord<infer K, infer V>
            ? Record<z.output<K> & PropertyKey, ModelOf<V>>
            : S extends z.ZodObject<infer Shape>
              ? ObjectModel<Shape>
              : S extends z.ZodUnion<infer O>
                ? ModelOf<O[number]>
                : S extends z.ZodLazy<infer I>
                  ? ModelOf<I>
                  : S extends z.ZodPipe<z.ZodType, infer B>
                    ? ModelOf<B>
                    : S extends z.ZodType
                      ? z.output<S>
                      : never;

/** The camelCase input accepted for a wire schema: `Date` or ISO string for datetimes, defaulted fields optional. */
export type InputOf<S> = S extends z.ZodISODateTime
  ? Date | string
  : S extends z.ZodOptional<infer I>
    ? InputOf<I> | undefined
    : S extends z.ZodNullable<infer I>
      ? InputOf<I> | null
      : S extends z.ZodDefault<infer I> | z.ZodPrefault<infer I> | z.ZodReadonly<infer I> | z.ZodCatch<infer I>
        ? InputOf<I>
        : S extends z.ZodArray<infer I>
          ? InputOf<I>[]
          : S extends z.ZodRecord<infer K, infer V>
            ? Record<z.input<K> & PropertyKey, InputOf<V>>
            : S extends z.ZodObject<infer Shape>
              ? ObjectInput<Shape>
              : S extends z.ZodUnion<infer O>
                ? InputOf<O[number]>
                : S extends z.ZodLazy<infer I>
                  ? InputOf<I>
                  : S extends z.ZodPipe<infer A, z.ZodType>
                    ? InputOf<A>
                    : S extends z.ZodType
                      ? z.input<S>
                      : never;

/** A flow, as returned by the client. */
export type Flow = ModelOf<typeof schemas.Flow>;
/** A flow run (Prefect's `FlowRunResponse`), as returned by the client. */
export type FlowRun = ModelOf<typeof schemas.FlowRunResponse>;
/** A task run, as returned by the client. */
export type TaskRun = ModelOf<typeof schemas.TaskRun>;
/** A run state. */
export type State = ModelOf<typeof schemas.State>;
/** The details carried by a state (scheduled time, cache key, pause key, ...). */
export type StateDetails = ModelOf<typeof schemas.StateDetails>;
/** A log line. */
export type Log = ModelOf<typeof schemas.Log>;
/**
 * Why the server decided as it did. One flat shape for the four wire variants so callers can read
 * `delaySeconds` (WAIT) or `reason` (REJECT/ABORT/WAIT) without narrowing first.
 */
export interface OrchestrationDetails {
  type: "accept_details" | "reject_details" | "abort_details" | "wait_details";
  reason?: string | null;
  /** WAIT only: seconds to wait before proposing again. */
  delaySeconds?: number;
}
/** The answer to a proposed state: ACCEPT, REJECT, ABORT or WAIT, with the resulting state. */
export type OrchestrationResult = Simplify<
  Omit<ModelOf<typeof schemas.OrchestrationResult>, "details"> & { details: OrchestrationDetails }
>;
/** The closed vocabulary of state types (`"COMPLETED"`, ...). */
export type StateType = schemas.StateType;
/** One upstream input of a task run (`{ inputType: "task_run", id }`, `{ inputType: "parameter", name }`, ...). */
export type TaskRunInput = ModelOf<typeof schemas.TaskRunInput>;

/** Filter on flows, camelCase of Prefect's `FlowFilter` (`{ name: { any_: ["etl"] } }`). */
export type FlowFilter = InputOf<typeof schemas.FlowFilter>;
/** Filter on flow runs, camelCase of Prefect's `FlowRunFilter` (`{ state: { type: { any_: ["RUNNING"] } } }`). */
export type FlowRunFilter = InputOf<typeof schemas.FlowRunFilter>;
/** Filter on task runs, camelCase of Prefect's `TaskRunFilter`. */
export type TaskRunFilter = InputOf<typeof schemas.TaskRunFilter>;
/** Filter on logs, camelCase of Prefect's `LogFilter` (`{ flowRunId: { any_: [id] } }`). */
export type LogFilter = InputOf<typeof schemas.LogFilter>;

/** A state to propose: type plus optional name, message, data and details. */
export interface StateInput {
  type: StateType;
  name?: string | null;
  message?: string | null;
  data?: unknown;
  stateDetails?: Partial<InputOf<typeof schemas.StateDetails>>;
}
