// The services lease as a process sees it: take or renew the `service_lease` row before each pass, give it up on
// stop. Exactly one holder per database at a time; an expired lease (a host that died) is taken over.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import {
  acquireServiceLease,
  readServiceLease,
  releaseServiceLease,
  type ServiceLeaseRow,
} from "../store/service-lease.js";
import type { Store } from "../store/store.js";

/** The lease row every host of the background services competes for. */
export const SERVICES_LEASE_NAME = "services";

/** A default holder id: host, pid and a random suffix (two hosts in one process stay distinct). */
export function defaultHolderId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** One process's claim on a lease. */
export class ServiceLease {
  private held = false;

  /**
   * @param store the database the lease lives in
   * @param holderId this process's name in the row
   * @param durationMs how long a take or renewal lasts
   * @param now the clock expiry is judged by
   */
  constructor(
    private readonly store: Store,
    readonly holderId: string,
    private readonly durationMs: number,
    private readonly now: () => Date,
    private readonly name = SERVICES_LEASE_NAME,
  ) {}

  /** Whether the last {@link acquire} got the lease (and it was not released since). */
  get isHeld(): boolean {
    return this.held;
  }

  /** Takes the lease if it is free, expired or already ours, and extends it; returns whether we hold it. */
  acquire(): boolean {
    if (!this.store.open) return (this.held = false);
    const at = this.now();
    this.held = acquireServiceLease(
      this.store.conn,
      this.name,
      this.holderId,
      at,
      new Date(at.getTime() + this.durationMs),
    );
    return this.held;
  }

  /** Gives the lease up if we hold it, so another host takes over at its next pass. */
  release(): void {
    if (this.held && this.store.open) releaseServiceLease(this.store.conn, this.name, this.holderId);
    this.held = false;
  }

  /** The current lease row, whoever holds it. */
  read(): ServiceLeaseRow | undefined {
    return readServiceLease(this.store.conn, this.name);
  }
}
