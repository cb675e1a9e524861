// Time-ordered ids for what the engine creates itself (task-run states): UUID version 7 with a counter within
// the millisecond, so one process's states sort in the order they happened even when timestamps tie.
import { randomUUID } from "node:crypto";

let lastMs = 0;
let sequence = 0;

/** A new UUIDv7 (48-bit ms timestamp, 12-bit sequence, random rest), increasing within this process. */
export function uuid7(now: number = Date.now()): string {
  let ms = now;
  if (ms <= lastMs) {
    ms = lastMs;
    if (++sequence > 0xfff) {
      ms = ++lastMs;
      sequence = 0;
    }
  } else {
    lastMs = ms;
    sequence = Math.floor(Math.random() * 0x800);
  }
  const hex = ms.toString(16).padStart(12, "0").slice(-12);
  // randomUUID() already carries the RFC 9562 variant bits (position 19); only the version and rand_a change.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${sequence.toString(16).padStart(3, "0")}${randomUUID().slice(18)}`;
}
