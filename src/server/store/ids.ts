// Id generation for stored objects: time-ordered UUID version 7 (RFC 9562, with a 12-bit counter in
// `rand_a`), so ids made by one process sort in creation order, `ID_DESC` lists the newest first and
// inserts append to the primary-key B-tree.
import { randomUUID } from "node:crypto";

let lastMs = 0;
let counter = 0;

/** A new UUIDv7 (48-bit millisecond timestamp, 12-bit sequence, random bits) as a lowercase 8-4-4-4-12 string. */
export function newId(now: number = Date.now()): string {
  let ms = now;
  if (ms <= lastMs) {
    // Same (or a backwards) millisecond: keep the last one and count up, so ids stay increasing.
    ms = lastMs;
    counter++;
    if (counter > 0xfff) {
      ms = ++lastMs;
      counter = 0;
    }
  } else {
    lastMs = ms;
    // A random start below 0x800 leaves room to count up within the millisecond.
    counter = Math.floor(Math.random() * 0x800);
  }
  const random = randomUUID();
  const hex = ms.toString(16).padStart(12, "0").slice(-12);
  const seq = counter.toString(16).padStart(3, "0");
  // randomUUID() already sets the RFC 9562 variant bits (position 19); only version and rand_a change.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${seq}${random.slice(18)}`;
}
