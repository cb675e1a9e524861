// Memory sizes of Docker job variables (`mem_limit`, `memswap_limit`) as bytes, read as docker-py's `parse_bytes`
// reads them (Prefect's Docker worker hands them to docker-py): `100000b`, `1000k`, `128m`, `1g`, a bare number of bytes.
import { ConfigError } from "../../errors.js";

const UNITS: Readonly<Record<string, number>> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * The bytes `value` stands for: a number (bytes), or a string of digits (a fraction is allowed) with an optional unit
 * `b`, `k`, `m` or `g` (any case, 1024-based; `mb`, `gb` also accepted). `-1` (the only negative value, for
 * `memswap_limit`: unlimited swap) is returned as -1. `undefined` when the variable is unset (missing, null or "").
 * @throws ConfigError naming `field` when the value is not a size.
 * @example parseMemorySize("512m", "mem_limit") // 536870912
 */
export function parseMemorySize(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number" && Number.isFinite(value)) {
    if (value === -1 || (Number.isInteger(value) && value >= 0)) return value;
  }
  if (typeof value === "string") {
    const text = value.trim();
    if (text === "-1") return -1;
    const match = /^(\d+(?:\.\d+)?|\.\d+)\s*([bkmg])?b?$/i.exec(text);
    // "512b" is bytes, "512mb" is 512 m (docker-py drops a "b" that follows a unit letter).
    if (match) {
      const unit = (match[2] ?? "b").toLowerCase();
      return Math.floor(Number(match[1]) * UNITS[unit]!);
    }
  }
  throw new ConfigError(
    `job variable "${field}": ${JSON.stringify(value)} is not a memory size. Use a number with a unit b, k, m or g, e.g. "512m" or "1g".`,
    field,
  );
}
