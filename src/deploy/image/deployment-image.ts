// `DeploymentImage`: the image a deployment runs in, as `deploy({ image })` takes it (Prefect's `DockerImage`).
// Naming rules live here; the Dockerfile text is dockerfile.ts, building build-image.ts, pushing push-image.ts.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../../errors.js";
import { resolveSettings } from "../../settings/index.js";
import {
  defaultImageTag,
  parseImageReference,
  splitRepositoryPath,
  validateImageDigest,
  validateImageName,
  validateImageTag,
} from "./image-reference.js";

/**
 * How a generated Dockerfile gets the project's dependencies into the image.
 * - `"install"`: `npm ci --omit=dev` from the lockfile inside the build (needs the npm registry at build time);
 *   the project's own `node_modules` is left out of the build context.
 * - `"copy"`: no install; `COPY . .` takes the project's installed `node_modules` as they are (offline builds).
 *   Native modules (better-sqlite3, ...) must then have been built for the image's OS and CPU.
 */
export type ImageDependencies = "install" | "copy";

/** Options of {@link DeploymentImage}. */
export interface DeploymentImageOptions {
  /** Repository name, with registry and namespace when wanted: `my-flows`, `127.0.0.1:5000/team/my-flows`. */
  name: string;
  /** @default the UTC time as `YYYYMMDD-HHMMSS` (Prefect's rule), unless `name` carries a tag */
  tag?: string;
  /** `"auto"` generates one for the project; anything else is a Dockerfile path, relative to `context`. @default "auto" */
  dockerfile?: string;
  /** Build arguments (`ARG` values). */
  buildArgs?: Record<string, string>;
  /** Target platform, e.g. `linux/amd64`. @default the engine's */
  platform?: string;
  /** The build context directory. @default process.cwd() */
  context?: string;
  /** Only for `dockerfile: "auto"`. @default "install" */
  dependencies?: ImageDependencies;
  /** Only for `dockerfile: "auto"`: the `FROM` image. @default PREFECT_DOCKER_BASE_IMAGE, else `node:<major>-slim` */
  baseImage?: string;
}

/** The settings a {@link DeploymentImage} reads (a resolved `Settings` fits; unset may be undefined or null). */
export interface DeploymentImageSettings {
  readonly PREFECT_DEFAULT_DOCKER_BUILD_NAMESPACE?: string | null | undefined;
  readonly PREFECT_DOCKER_BASE_IMAGE?: string | null | undefined;
}

/** The official Node image of the running Node's major version, e.g. `node:20-slim`. */
export function defaultBaseImage(): string {
  return `node:${process.versions.node.split(".")[0] ?? "20"}-slim`;
}

/**
 * An image to build (and push) for deployments.
 * @example
 * const image = new DeploymentImage({ name: "127.0.0.1:5000/etl", tag: "v1", dependencies: "copy" });
 * image.reference // "127.0.0.1:5000/etl:v1"
 */
export class DeploymentImage {
  /** Repository name with registry/namespace (PREFECT_DEFAULT_DOCKER_BUILD_NAMESPACE put in front when it had none). */
  readonly name: string;
  readonly tag: string;
  /** `"auto"` or an absolute Dockerfile path. */
  readonly dockerfile: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly platform: string | undefined;
  /** Absolute path of the build context. */
  readonly context: string;
  readonly dependencies: ImageDependencies;
  readonly baseImage: string;
  /** The digest the reference was given with (`name:tag@sha256:...`), if any. */
  readonly digest: string | undefined;
  // A digest-only reference (`name@sha256:...`) keeps no tag in `reference`: the defaulted tag names nothing built.
  readonly #tagGiven: boolean;

  /**
   * @throws ConfigError for an empty or invalid name, an invalid tag, two tags, a missing context or Dockerfile
   */
  constructor(options: DeploymentImageOptions, settings: DeploymentImageSettings = resolveSettings()) {
    if (typeof options.name !== "string" || options.name.trim() === "") {
      throw new ConfigError(
        'DeploymentImage: "name" is empty. Give a repository name, e.g. { name: "my-flows", tag: "v1" }.',
        "name",
      );
    }
    const parsed = parseImageReference(options.name);
    if (parsed.tag !== undefined && options.tag !== undefined && parsed.tag !== options.tag) {
      throw new ConfigError(
        `DeploymentImage: two tags given, "${parsed.tag}" in name "${options.name}" and tag "${options.tag}". Give the tag once.`,
        "tag",
      );
    }
    validateImageName(parsed.name);
    if (parsed.digest !== undefined) validateImageDigest(parsed.digest);
    const { namespace } = splitRepositoryPath(parsed.name);
    const defaultNamespace = settings.PREFECT_DEFAULT_DOCKER_BUILD_NAMESPACE;
    this.name =
      namespace === undefined && defaultNamespace
        ? `${defaultNamespace.replace(/\/+$/, "")}/${parsed.name}`
        : parsed.name;
    if (this.name !== parsed.name) validateImageName(this.name, "name (with PREFECT_DEFAULT_DOCKER_BUILD_NAMESPACE)");
    this.#tagGiven = options.tag !== undefined || parsed.tag !== undefined;
    this.tag = options.tag ?? parsed.tag ?? defaultImageTag();
    validateImageTag(this.tag);
    this.digest = parsed.digest;

    this.context = path.resolve(options.context ?? process.cwd());
    if (!existsSync(this.context) || !statSync(this.context).isDirectory()) {
      throw new ConfigError(
        `DeploymentImage "${this.name}": context "${this.context}" is not a directory. Pass an existing project directory as "context".`,
        "context",
      );
    }
    const dockerfile = options.dockerfile ?? "auto";
    if (dockerfile === "auto") {
      this.dockerfile = "auto";
    } else {
      if (dockerfile.trim() === "")
        throw new ConfigError(
          `DeploymentImage "${this.name}": "dockerfile" is empty. Use "auto" or a path to a Dockerfile.`,
          "dockerfile",
        );
      this.dockerfile = path.resolve(this.context, dockerfile);
      if (!existsSync(this.dockerfile) || !statSync(this.dockerfile).isFile()) {
        throw new ConfigError(
          `DeploymentImage "${this.name}": dockerfile "${dockerfile}" does not exist (looked at ${this.dockerfile}). Fix the path (relative to the context ${this.context}) or use dockerfile: "auto".`,
          "dockerfile",
        );
      }
    }
    const dependencies = options.dependencies ?? "install";
    if (dependencies !== "install" && dependencies !== "copy") {
      throw new ConfigError(
        `DeploymentImage "${this.name}": dependencies "${String(dependencies)}" is not one of "install", "copy".`,
        "dependencies",
      );
    }
    this.dependencies = dependencies;
    for (const [key, value] of Object.entries(options.buildArgs ?? {})) {
      if (typeof value !== "string")
        throw new ConfigError(`DeploymentImage "${this.name}": buildArgs.${key} must be a string.`, "buildArgs");
    }
    this.buildArgs = { ...(options.buildArgs ?? {}) };
    this.platform = options.platform;
    this.baseImage = options.baseImage ?? settings.PREFECT_DOCKER_BASE_IMAGE ?? defaultBaseImage();
  }

  /** `name:tag` (with `@digest` when it was given one): what `job_variables.image` holds. */
  get reference(): string {
    if (this.digest === undefined) return `${this.name}:${this.tag}`;
    return this.#tagGiven ? `${this.name}:${this.tag}@${this.digest}` : `${this.name}@${this.digest}`;
  }

  /**
   * A `DeploymentImage` from `"name"`, `"name:tag"`, `"host:5000/team/name:tag"` (or an image, returned as is).
   * @throws ConfigError for an invalid reference
   */
  static from(value: string | DeploymentImage, settings?: DeploymentImageSettings): DeploymentImage {
    if (value instanceof DeploymentImage) return value;
    if (typeof value !== "string") {
      throw new ConfigError('image must be "name:tag" or a DeploymentImage, e.g. image: "my-flows:v1".', "image");
    }
    return new DeploymentImage({ name: value }, settings);
  }

  toString(): string {
    return this.reference;
  }
}
