// The rule machinery, as Prefect's `rules.py` runs it: rules fire in priority order when the intended
// (from, to) transition matches them and no earlier rule changed it; global transforms then do bookkeeping.

import type { OrchestrationDetails, OrchestrationInput, RunSnapshot } from "./types.js";
import type { State, StateType } from "./wire.js";

/** A state type, or null for "no state" (a new run, or a nullified proposal). */
export type MaybeStateType = StateType | null;

/** The transition being orchestrated, mutated by rules as Prefect mutates its `OrchestrationContext`. */
export interface OrchestrationContext {
  readonly input: OrchestrationInput;
  readonly now: Date;
  readonly initial: State | null;
  /** The state to be stored; null once a rule rejected without a state, aborted or delayed. */
  proposed: State | null;
  /** A working copy of the run; rules and transforms write to it. */
  readonly run: RunSnapshot;
  status: "ACCEPT" | "REJECT" | "ABORT" | "WAIT";
  details: OrchestrationDetails;
  decidedBy: string | null;
}

/** What a rule's `before` hook may do to the transition (Prefect's reject/delay/abort/rename). */
export interface RuleControl {
  /** Reject the proposal; with a state, that state is stored instead, with null the current state stays. */
  reject(state: State | null, reason: string): void;
  /** Delay: nothing is stored, the client should retry after `delaySeconds`. */
  wait(delaySeconds: number, reason: string): void;
  /** Abort: nothing is stored, the client should stop orchestrating this run. */
  abort(reason: string): void;
  /** Rename the proposed state without changing its type (never invalidates other rules). */
  rename(name: string): void;
  /** Per-invocation memory shared by this rule's hooks. */
  readonly scratch: Record<string, unknown>;
}

/** An orchestration rule: fires only for the transitions in `from` x `to` ("all" includes null). */
export interface Rule {
  readonly name: string;
  readonly from: readonly MaybeStateType[] | "all";
  readonly to: readonly MaybeStateType[] | "all";
  before?(ctx: OrchestrationContext, control: RuleControl): void;
  /** After the state is validated, when the transition still is the one this rule entered. */
  after?(ctx: OrchestrationContext, scratch: Record<string, unknown>): void;
  /** After validation, when a later rule changed the transition ("fizzled"): undo side effects. */
  cleanup?(ctx: OrchestrationContext, scratch: Record<string, unknown>): void;
}

/** Bookkeeping that fires on every transition that still stores a state (Prefect's universal transforms). */
export interface GlobalTransform {
  readonly name: string;
  before(ctx: OrchestrationContext, proposed: State): void;
}

interface Entered {
  rule: Rule;
  toType: MaybeStateType;
  scratch: Record<string, unknown>;
}

function covers(set: readonly MaybeStateType[] | "all", type: MaybeStateType): boolean {
  return set === "all" || set.includes(type);
}

function typeOf(state: State | null): MaybeStateType {
  return state ? state.type : null;
}

/** Runs `rules` then `transforms` over `ctx`, exactly nesting them as Prefect's `AsyncExitStack` does. */
export function runPolicy(
  ctx: OrchestrationContext,
  rules: readonly Rule[],
  transforms: readonly GlobalTransform[],
): void {
  const fromType = typeOf(ctx.initial);
  const toType = typeOf(ctx.proposed);
  const entered: Entered[] = [];

  for (const rule of rules) {
    if (!covers(rule.from, fromType) || !covers(rule.to, toType)) continue;
    // A rule is invalid when an earlier rule already changed the transition it was built for.
    if (typeOf(ctx.initial) !== fromType || typeOf(ctx.proposed) !== toType) continue;
    const record: Entered = { rule, toType, scratch: {} };
    entered.push(record);
    rule.before?.(ctx, controlFor(ctx, record, fromType));
  }

  for (const transform of transforms) {
    if (ctx.proposed !== null) transform.before(ctx, ctx.proposed);
  }

  for (const record of entered.reverse()) {
    const fizzled = typeOf(ctx.initial) !== fromType || typeOf(ctx.proposed) !== record.toType;
    if (fizzled) record.rule.cleanup?.(ctx, record.scratch);
    else record.rule.after?.(ctx, record.scratch);
  }
}

function controlFor(ctx: OrchestrationContext, record: Entered, fromType: MaybeStateType): RuleControl {
  const name = record.rule.name;
  const abort = (reason: string): void => {
    record.toType = null;
    ctx.proposed = null;
    ctx.status = "ABORT";
    ctx.details = { type: "abort_details", reason };
    ctx.decidedBy = name;
  };
  return {
    scratch: record.scratch,
    abort,
    reject(state, reason) {
      if (state === null && fromType === null) {
        // Prefect raises OrchestrationError here, which its rule wrapper turns into an ABORT.
        abort(
          `Aborting orchestration due to error in ${name}: The current run has no state; ` +
            "this transition cannot be rejected without providing a new state.",
        );
        return;
      }
      // A rule that substitutes a state does not fizzle itself.
      record.toType = typeOf(state);
      ctx.proposed = state;
      ctx.status = "REJECT";
      ctx.details = { type: "reject_details", reason };
      ctx.decidedBy = name;
    },
    wait(delaySeconds, reason) {
      record.toType = null;
      ctx.proposed = null;
      ctx.status = "WAIT";
      ctx.details = { type: "wait_details", reason, delay_seconds: delaySeconds };
      ctx.decidedBy = name;
    },
    rename(newName) {
      if (ctx.proposed !== null) ctx.proposed = { ...ctx.proposed, name: newName };
    },
  };
}
