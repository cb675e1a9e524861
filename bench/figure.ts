// The shape every bench file returns (`run(): Promise<Figure[]>`) and the percentile helper they share.

/** One measured figure: percentiles over samples, with the target it is held to. */
export interface Figure {
  /** What was measured, e.g. "per-task overhead (in-process)". */
  readonly name: string;
  /** Unit of the numbers, e.g. "ms" or "runs/s". */
  readonly unit: string;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** The target, e.g. "<= 0.3" or ">= 3000" (compared against p50). */
  readonly target?: string;
  /** Sample count and anything else worth knowing. */
  readonly note?: string;
}

/** The q-quantile (0..1) of samples, nearest-rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** A figure from raw samples. */
export function figure(name: string, unit: string, samples: readonly number[], target?: string, note?: string): Figure {
  return {
    name,
    unit,
    p50: quantile(samples, 0.5),
    p95: quantile(samples, 0.95),
    p99: quantile(samples, 0.99),
    ...(target ? { target } : {}),
    note: `${samples.length} samples${note ? `; ${note}` : ""}`,
  };
}

/** Whether p50 meets the target (`<= x` or `>= x`); undefined without a target. */
export function meetsTarget(f: Figure): boolean | undefined {
  const m = /^(<=|>=)\s*([\d.]+)/.exec(f.target ?? "");
  if (!m) return undefined;
  const limit = Number(m[2]);
  return m[1] === "<=" ? f.p50 <= limit : f.p50 >= limit;
}
