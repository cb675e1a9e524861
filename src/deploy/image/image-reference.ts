// Docker image references: splitting `registry/namespace/name:tag@digest` into parts, Prefect's namespace rule,
// the registry a name is pushed to, and the checks Docker applies to names and tags. Pure; no engine here.
import { ConfigError } from "../../errors.js";

/** A parsed image reference: `name` keeps its registry and namespace, `tag` and `digest` are undefined when absent. */
export interface ImageReferenceParts {
  name: string;
  tag: string | undefined;
  digest: string | undefined;
}

/** The registry key Docker uses for images without a registry host (Docker Hub). */
export const DOCKER_HUB_REGISTRY = "https://index.docker.io/v1/";

// Docker's reference grammar (distribution/reference): lowercase path components joined by `.`, `_`, `__` or dashes,
// an optional registry host (with port) as the first component, a tag of word characters, dots and dashes.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST_COMPONENT =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$|^\[[0-9a-fA-F:]+\](?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/**
 * Splits an image reference. The tag is what follows the last `:` after the last `/`, so the port of a registry
 * (`127.0.0.1:5000/app`) is never taken for a tag.
 * @example parseImageReference("127.0.0.1:5000/team/app:v1") // { name: "127.0.0.1:5000/team/app", tag: "v1", digest: undefined }
 */
export function parseImageReference(reference: string): ImageReferenceParts {
  let rest = reference.trim();
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.indexOf(":", lastSlash + 1);
  if (colon < 0) return { name: rest, tag: undefined, digest };
  return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
}

/**
 * Prefect's `split_repository_path`: the namespace (registry and/or organisation) and the repository of a name.
 * A single component has no namespace; `team/app` has namespace `team`; `host:5000/app` and `host.io/app` have the host.
 */
export function splitRepositoryPath(name: string): { namespace: string | undefined; repository: string } {
  const parts = name.split("/");
  if (parts.length === 1) return { namespace: undefined, repository: name };
  const repository = parts[parts.length - 1] ?? name;
  return { namespace: parts.slice(0, -1).join("/"), repository };
}

/** Whether the first component of a name is a registry host (has a `.` or a `:`, or is `localhost`), as Docker decides. */
function firstComponentIsHost(name: string): boolean {
  const slash = name.indexOf("/");
  if (slash < 0) return false;
  const first = name.slice(0, slash);
  return first.includes(".") || first.includes(":") || first === "localhost";
}

/**
 * The registry an image name is pulled from and pushed to: its host (`127.0.0.1:5000`, `ghcr.io`), or
 * {@link DOCKER_HUB_REGISTRY} for Docker Hub names (`app`, `team/app`, `docker.io/team/app`).
 */
export function registryOf(name: string): string {
  if (!firstComponentIsHost(name)) return DOCKER_HUB_REGISTRY;
  const host = name.slice(0, name.indexOf("/"));
  return host === "docker.io" || host === "index.docker.io" || host === "registry-1.docker.io"
    ? DOCKER_HUB_REGISTRY
    : host;
}

/** A short name of a registry for messages and `docker login`: the host, or `docker.io`. */
export function registryDisplayName(registry: string): string {
  return registry === DOCKER_HUB_REGISTRY ? "docker.io" : registry;
}

/**
 * Checks an image name (without tag) against Docker's rules.
 * @throws ConfigError naming `field` and how to fix the name
 */
export function validateImageName(name: string, field = "name"): void {
  if (name.trim() === "") {
    throw new ConfigError(
      `Image ${field} is empty. Give a repository name, e.g. "my-flows" or "registry.example.com/team/my-flows".`,
      field,
    );
  }
  const components = name.split("/");
  const pathComponents = firstComponentIsHost(name) ? components.slice(1) : components;
  if (firstComponentIsHost(name) && !HOST_COMPONENT.test(components[0] ?? "")) {
    throw new ConfigError(
      `Image ${field} "${name}": "${components[0] ?? ""}" is not a valid registry host. Use host or host:port, e.g. "127.0.0.1:5000".`,
      field,
    );
  }
  for (const component of pathComponents) {
    if (!PATH_COMPONENT.test(component)) {
      const hint =
        component !== component.toLowerCase()
          ? ` Use lowercase: "${name.toLowerCase()}".`
          : " Use lowercase letters, digits and single separators (`.`, `_`, `-`) between them.";
      throw new ConfigError(
        `Image ${field} "${name}": "${component}" is not a valid repository name component.${hint}`,
        field,
      );
    }
  }
  if (name.length > 255)
    throw new ConfigError(`Image ${field} "${name.slice(0, 40)}...": longer than Docker's 255 characters.`, field);
}

/**
 * Checks an image tag against Docker's rules (word characters, `.` and `-`, at most 128, not starting with `.` or `-`).
 * @throws ConfigError naming the field `tag` and how to fix it
 */
export function validateImageTag(tag: string): void {
  if (!TAG.test(tag)) {
    throw new ConfigError(
      `Image tag "${tag}" is invalid: a tag has 1-128 letters, digits, "_", "." or "-" and starts with a letter, digit or "_" (e.g. "v1.2", "2026-01-31").`,
      "tag",
    );
  }
}

/**
 * Checks a digest (`sha256:<hex>`).
 * @throws ConfigError naming the field `digest`
 */
export function validateImageDigest(digest: string): void {
  if (!DIGEST.test(digest)) {
    throw new ConfigError(`Image digest "${digest}" is invalid: expected "sha256:" and a hex string.`, "digest");
  }
}

/**
 * The tag Prefect gives an image built without one: the UTC time as a slug, `YYYYMMDD-HHMMSS`.
 * @example defaultImageTag(new Date("2026-11-24T20:55:12Z")) // "20261124-205512"
 */
export function defaultImageTag(now: Date = new Date()): string {
  const iso = now.toISOString(); // 2026-11-24T20:55:12.345Z
  return `${iso.slice(0, 10).replaceAll("-", "")}-${iso.slice(11, 19).replaceAll(":", "")}`;
}
