// `task()`: turns a function into a Prefect task that stays callable with the same arguments (inside a flow each
// call is a tracked task run) and gains `.map()`, `.with()` and `.callWithState()`. Running lives in src/engine/task-engine.ts.
import type { State } from "./client/index.js";
import { ConfigError } from "./errors.js";
import {
  captureDefinitionSite,
  checkName,
  defaultName,
  importTaskEngine,
  makeTaskDefinition,
  validateTaskOptions,
  type DefinitionSite,
  type TaskDefinition,
  type TaskOptions,
  type TaskOutcome,
} from "./engine/index.js";

const UNMAPPED = Symbol("prefect-ts.unmapped");

type TaskEngine = Awaited<ReturnType<typeof importTaskEngine>>;
let engine: TaskEngine | undefined;

/** Runs a task call through the engine, loaded on the first call (it pulls in the client, see flow.ts). */
async function runTask(def: TaskDefinition, args: readonly unknown[]): Promise<TaskOutcome> {
  engine ??= await importTaskEngine();
  return engine.runTask(def, args);
}

/** A value passed whole to every mapped call (Prefect's `unmapped`). */
export interface Unmapped<T> {
  readonly [UNMAPPED]: true;
  readonly value: T;
}

/** Marks a `.map()` argument to be passed whole to every call instead of iterated. */
export function unmapped<T>(value: T): Unmapped<T> {
  return { [UNMAPPED]: true, value };
}

function isUnmapped(value: unknown): value is Unmapped<unknown> {
  return typeof value === "object" && value !== null && UNMAPPED in value;
}

/** The arguments of `.map()`: an iterable (or an `unmapped` value) per parameter. */
export type MapArgs<Args extends readonly unknown[]> = { [K in keyof Args]: Iterable<Args[K]> | Unmapped<Args[K]> };

/** A task: call it like the function (returns a Promise of its result), plus methods. */
export interface TaskHandle<Args extends readonly unknown[], R, Fn> {
  /**
   * Runs the task (a tracked task run inside a flow run, a plain call outside) and resolves to its result.
   * Like Prefect, a failed task rethrows the function's own error.
   */
  (...args: Args): Promise<R>;
  /** The task's name. */
  readonly name: string;
  /** The options the task was defined with. */
  readonly options: Readonly<TaskOptions>;
  /** The wrapped function. */
  readonly fn: Fn;
  /** A copy of the task with some options replaced (Prefect's `with_options`). */
  with(options: TaskOptions): TaskHandle<Args, R, Fn>;
  /** Runs the task and resolves to its final State instead of throwing. */
  callWithState(...args: Args): Promise<State>;
  /**
   * Runs one task run per element, concurrently, and resolves to the results in order (Prefect's `map`).
   * Iterables must have the same length; `unmapped(x)` passes `x` whole to every call.
   * @throws RangeError when the iterables' lengths differ
   */
  map(...iterables: MapArgs<Args>): Promise<R[]>;
}

/** A task over function `F`: parameters (optional and defaulted ones too) and awaited return kept. */
export type Task<F extends (...args: never[]) => unknown> = TaskHandle<Parameters<F>, Awaited<ReturnType<F>>, F>;

function mapCalls(iterables: readonly unknown[]): unknown[][] {
  const lists = iterables.map((it) => (isUnmapped(it) ? null : [...(it as Iterable<unknown>)]));
  const lengths = new Set(lists.filter((l): l is unknown[] => l !== null).map((l) => l.length));
  if (lengths.size > 1) {
    throw new RangeError(
      `map() got iterables of different lengths (${[...lengths].join(", ")}); pass equal lengths or wrap constants in unmapped()`,
    );
  }
  const n = lengths.size === 0 ? 1 : [...lengths][0]!;
  const calls: unknown[][] = [];
  for (let i = 0; i < n; i++) calls.push(iterables.map((it, j) => (isUnmapped(it) ? it.value : lists[j]![i])));
  return calls;
}

function build(def: TaskDefinition): TaskHandle<unknown[], unknown, unknown> {
  const call = async (...args: unknown[]): Promise<unknown> => {
    const out = await runTask(def, args);
    if (out.ok) return out.value;
    throw out.error;
  };
  const callWithState = async (...args: unknown[]): Promise<State> => (await runTask(def, args)).state;
  const map = async (...iterables: unknown[]): Promise<unknown[]> =>
    Promise.all(mapCalls(iterables).map((args) => call(...args)));
  const withOptions = (options: TaskOptions): TaskHandle<unknown[], unknown, unknown> =>
    defineTask({ ...def.options, ...options }, def.fn, options.name === undefined ? def.name : undefined, def.site);
  Object.defineProperties(call, {
    name: { value: def.name, enumerable: true },
    options: { value: Object.freeze({ ...def.options }), enumerable: true },
    fn: { value: def.fn, enumerable: true },
    with: { value: withOptions },
    callWithState: { value: callWithState },
    map: { value: map },
  });
  const handle = call as unknown as TaskHandle<unknown[], unknown, unknown>;
  def.subject = handle;
  return handle;
}

function defineTask(
  options: object,
  fn: unknown,
  inheritedName?: string,
  site?: () => DefinitionSite,
): TaskHandle<unknown[], unknown, unknown> {
  if (typeof fn !== "function") {
    throw new ConfigError(`task() needs a function: task(options, fn) or task(fn), got ${typeof fn}`, "fn");
  }
  if (options === null || typeof options !== "object") {
    throw new ConfigError(`task() options must be an object, got ${String(options)}`, "options");
  }
  validateTaskOptions(options);
  const o = options as TaskOptions;
  const name =
    o.name !== undefined ? checkName("task", o.name) : (inheritedName ?? defaultName("task", fn as () => unknown));
  // The user's task() call: where the parameter names as written are read, if the running code renamed them.
  const definedAt = site ?? captureDefinitionSite();
  return build(
    makeTaskDefinition(name, fn as (...args: never[]) => unknown, o as TaskOptions<Record<string, unknown>>, definedAt),
  );
}

/**
 * Makes a task of a function. Inside a flow run each call is a task run whose states are recorded in the
 * background; retries, timeouts, caching and persisted results follow the options.
 * @throws ConfigError at definition for an invalid option, naming it and the fix
 * @example
 * const add = task({ retries: 3, retryDelaySeconds: [1, 5, 10] }, async (a: number, b: number) => a + b);
 */
export function task<F extends (...args: never[]) => unknown>(fn: F): Task<F>;
export function task<F extends (...args: never[]) => unknown>(options: TaskOptions, fn: F): Task<F>;
export function task(optionsOrFn: object, maybeFn?: unknown): unknown {
  if (typeof optionsOrFn === "function") return defineTask({}, optionsOrFn);
  return defineTask(optionsOrFn, maybeFn);
}
