// The browser's Web Crypto standing in for `node:crypto` (the client's CSRF support asks for randomUUID). Built from
// getRandomValues, as crypto.randomUUID exists only in secure contexts (a plain-http, non-loopback server is not one).

/** A random RFC 4122 version 4 UUID. */
export function randomUUID(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
