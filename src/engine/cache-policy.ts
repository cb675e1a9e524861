// Cache policies as Prefect 3's `cache_policies.py`: INPUTS, TASK_SOURCE, FLOW_PARAMETERS, RUN_ID, NONE and
// DEFAULT, combined with `.add()`. Looking keys up and storing results lives in results.ts.
import { hashObjects } from "./stable-hash.js";

/** What a cache policy (or a `cacheKeyFn`) sees about the task run being keyed. */
export interface CacheKeyContext {
  /** The task's name. */
  readonly taskName: string;
  /** The task's key (stable per task definition). */
  readonly taskKey: string;
  /** md5 of the task function's source text. */
  readonly taskSourceHash: string;
  /** The flow run the task runs in, if any. */
  readonly flowRunId: string | null;
  /** The task run's own id. */
  readonly taskRunId: string;
  /** The parameters of the enclosing flow run, if any. */
  readonly flowParameters: Readonly<Record<string, unknown>> | null;
}

type KeyPart = (ctx: CacheKeyContext, parameters: Readonly<Record<string, unknown>>) => unknown;

interface PolicyPart {
  readonly kind: "inputs" | "task_source" | "flow_parameters" | "run_id";
  readonly exclude?: readonly string[];
}

function computePart(part: PolicyPart, ctx: CacheKeyContext, parameters: Readonly<Record<string, unknown>>): unknown {
  switch (part.kind) {
    case "inputs": {
      if (!part.exclude?.length) return hashObjects(parameters);
      const kept: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(parameters)) if (!part.exclude.includes(k)) kept[k] = v;
      return hashObjects(kept);
    }
    case "task_source":
      return ctx.taskSourceHash;
    case "flow_parameters":
      return ctx.flowParameters === null ? null : hashObjects(ctx.flowParameters);
    case "run_id":
      return ctx.flowRunId ?? ctx.taskRunId;
  }
}

/**
 * A cache policy: which facts about a task run make up its cache key. Immutable; combine with `.add()`.
 * @example task({ cachePolicy: CachePolicy.INPUTS.add(CachePolicy.TASK_SOURCE), cacheExpiration: 3600 }, fn)
 */
export class CachePolicy {
  /** The key is the hash of the task's inputs. */
  static readonly INPUTS = new CachePolicy([{ kind: "inputs" }]);
  /** The key is the hash of the task function's source. */
  static readonly TASK_SOURCE = new CachePolicy([{ kind: "task_source" }]);
  /** The key is the hash of the enclosing flow run's parameters. */
  static readonly FLOW_PARAMETERS = new CachePolicy([{ kind: "flow_parameters" }]);
  /** The key is the enclosing flow run's id (the task run's id outside a flow). */
  static readonly RUN_ID = new CachePolicy([{ kind: "run_id" }]);
  /** Never cache (Prefect's `NO_CACHE`). */
  static readonly NONE = new CachePolicy([]);
  /** Prefect's default: `INPUTS + TASK_SOURCE + RUN_ID`. */
  static readonly DEFAULT = new CachePolicy([{ kind: "inputs" }, { kind: "task_source" }, { kind: "run_id" }]);

  private readonly parts: readonly PolicyPart[];
  private readonly keyFns: readonly KeyPart[];

  private constructor(parts: readonly PolicyPart[], keyFns: readonly KeyPart[] = []) {
    this.parts = parts;
    this.keyFns = keyFns;
  }

  /** Builds a policy from a key function, as the `cacheKeyFn` option does. */
  static fromFunction(
    fn: (ctx: CacheKeyContext, parameters: Readonly<Record<string, unknown>>) => string | null | undefined,
  ): CachePolicy {
    return new CachePolicy([], [fn]);
  }

  /** The policy combining this one and the others (Prefect's `+`); `NONE` is the neutral element. */
  add(...others: CachePolicy[]): CachePolicy {
    return new CachePolicy(
      [...this.parts, ...others.flatMap((o) => o.parts)],
      [...this.keyFns, ...others.flatMap((o) => o.keyFns)],
    );
  }

  /** This policy with the named inputs left out of the INPUTS part (Prefect's `INPUTS - "x"`). */
  exclude(...names: string[]): CachePolicy {
    return new CachePolicy(
      this.parts.map((p) => (p.kind === "inputs" ? { kind: "inputs", exclude: [...(p.exclude ?? []), ...names] } : p)),
      this.keyFns,
    );
  }

  /** True for a policy that never produces a key. */
  get isNone(): boolean {
    return this.parts.length === 0 && this.keyFns.length === 0;
  }

  /**
   * The cache key for a task run, or null when the policy yields none (NONE, or every part empty).
   * @throws UnhashableValueError when an input cannot be hashed
   */
  computeKey(ctx: CacheKeyContext, parameters: Readonly<Record<string, unknown>>): string | null {
    const keys: unknown[] = [];
    for (const part of this.parts) {
      const key = computePart(part, ctx, parameters);
      if (key !== null && key !== undefined) keys.push(key);
    }
    for (const keyFn of this.keyFns) {
      const key = keyFn(ctx, parameters);
      if (key !== null && key !== undefined) keys.push(key);
    }
    if (keys.length === 0) return null;
    // A lone cacheKeyFn's key is used as written, as Prefect does, so users can read it in storage.
    if (this.parts.length === 0 && this.keyFns.length === 1 && typeof keys[0] === "string") return keys[0];
    return hashObjects(...keys);
  }
}
