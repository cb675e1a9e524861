// What the Docker tests share: whether an engine is here (else each suite is skipped with the reason), the local Node
// base image and registry that scripts/docker/engine.sh made, and a connected dockerode client.
import { inject } from "vitest";
import type Dockerode from "dockerode";
import { connectDocker } from "../../src/docker/engine.js";

/** Why Docker tests cannot run here ("" when they can). */
export const dockerUnavailable: string = inject("dockerUnavailable");

/** Suite title that says why it was skipped, when it is. */
export function dockerSuite(title: string): string {
  return dockerUnavailable === "" ? title : `${title} (skipped: ${dockerUnavailable})`;
}

/** The base image of generated Dockerfiles in tests: engine.sh's local image made from this machine's node. */
export const BASE_IMAGE =
  process.env.PREFECT_DOCKER_BASE_IMAGE ?? `prefect-ts-node:${process.versions.node.split(".")[0]}`;

/** The local registry for push tests (engine.sh starts it). */
export const REGISTRY = process.env.PREFECT_TS_TEST_REGISTRY ?? "127.0.0.1:5000";

/** A connected client (call only inside a suite that is not skipped). */
export function docker(): Promise<Dockerode> {
  return connectDocker();
}
