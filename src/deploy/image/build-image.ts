// Building a DeploymentImage through the Engine API (dockerode): the generated or given Dockerfile, the filtered
// context tar, progress streamed line by line, and failures as ImageBuildError. Pushing is push-image.ts.
import { readFileSync } from "node:fs";
import path from "node:path";
import type Dockerode from "dockerode";
import { connectDocker } from "../../docker/index.js";
import { createBuildContext, isInsideContext, type BuildContextOptions } from "./build-context.js";
import { BuildOutput, type DockerProgressEvent } from "./build-output.js";
import type { DeploymentImage } from "./deployment-image.js";
import { resolveRegistryAuth, type DockerCredentialsOptions, type RegistryAuth } from "./docker-credentials.js";
import { writeGeneratedDockerfile, type GeneratedDockerfile } from "./generated-dockerfile.js";
import { parseImageReference, registryOf } from "./image-reference.js";

/** Options of {@link buildImage}. */
export interface BuildImageOptions {
  /** The engine. @default connectDocker() (DOCKER_HOST) */
  docker?: Dockerode;
  /** Receives each line of build output. @default writes to stdout */
  onProgress?: (line: string) => void;
  /** Show the generated Dockerfile through `onProgress` before building. @default false */
  printDockerfile?: boolean;
  /**
   * Pull a newer version of the base image before building. @default false (Docker's default; Prefect pulls, but then
   * a base image that exists only locally, as in offline builds, fails the build)
   */
  pull?: boolean;
  /** Where registry credentials for pulling the base image come from. */
  credentials?: DockerCredentialsOptions;
}

/** What {@link buildImage} built. */
export interface BuiltImage {
  /** `name:tag`. */
  reference: string;
  /** The image id (`sha256:...`). */
  imageId: string;
  /** The generated Dockerfile's text (`dockerfile: "auto"`), for a debug log. */
  dockerfile?: string;
}

/** Writes a progress line to stdout. */
export function printProgress(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The images of a Dockerfile's `FROM` lines (build stages and `scratch` excluded). */
export function baseImagesOf(dockerfileText: string): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  for (const match of dockerfileText.matchAll(/^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/gim)) {
    const image = match[1] ?? "";
    if (image !== "scratch" && !stages.has(image.toLowerCase()) && !image.includes("$")) images.push(image);
    if (match[2] !== undefined) stages.add(match[2].toLowerCase());
  }
  return images;
}

/** Credentials for the registries of the base images (X-Registry-Config); lookup failures are left to the pull. */
async function registryConfigFor(
  dockerfileText: string,
  options: DockerCredentialsOptions | undefined,
): Promise<Record<string, RegistryAuth>> {
  const config: Record<string, RegistryAuth> = {};
  for (const image of baseImagesOf(dockerfileText)) {
    const registry = registryOf(parseImageReference(image).name);
    if (registry in config) continue;
    const auth = await resolveRegistryAuth(registry, options).catch(() => undefined);
    if (auth !== undefined) config[registry] = auth;
  }
  return config;
}

function followBuild(
  docker: Dockerode,
  stream: NodeJS.ReadableStream,
  output: BuildOutput,
  onProgress: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : resolve()),
      (event: DockerProgressEvent) => {
        for (const line of output.handle(event)) onProgress(line);
      },
    );
  });
}

/**
 * Builds `image` on the engine: for `dockerfile: "auto"` the generated Dockerfile is written into the context for
 * the build and removed afterwards (success or failure); a given Dockerfile is used as is.
 * @throws ImageBuildError naming the failing step, the engine's message and the last lines of output
 * @throws DockerUnavailableError when no engine answers (from connectDocker)
 * @throws ConfigError when a Dockerfile cannot be generated for the project
 * @example const { reference, imageId } = await buildImage(new DeploymentImage({ name: "etl", tag: "v1" }));
 */
export async function buildImage(image: DeploymentImage, options: BuildImageOptions = {}): Promise<BuiltImage> {
  const onProgress = options.onProgress ?? printProgress;
  const docker = options.docker ?? (await connectDocker());
  const reference = `${image.name}:${image.tag}`;
  let generated: GeneratedDockerfile | undefined;
  try {
    const context: BuildContextOptions = {};
    let dockerfileText: string;
    if (image.dockerfile === "auto") {
      generated = await writeGeneratedDockerfile(image);
      dockerfileText = generated.text;
      context.dockerfile = generated.relativePath;
      if (image.dependencies === "install") context.extraIgnores = ["node_modules"];
      if (options.printDockerfile === true) {
        onProgress(`Generated Dockerfile (${path.join(image.context, generated.relativePath)}):`);
        for (const line of generated.text.trimEnd().split("\n")) onProgress(`  ${line}`);
      }
    } else {
      dockerfileText = readFileSync(image.dockerfile, "utf8");
      if (isInsideContext(image.context, image.dockerfile)) {
        context.dockerfile = path.relative(image.context, image.dockerfile).split(path.sep).join("/");
      } else {
        // A Dockerfile outside the context travels inside the tar under a name the project does not use (fixed, so
        // that `COPY . .` layers stay cached from one build to the next).
        context.dockerfile = ".prefect-ts.Dockerfile";
        context.extraFile = { name: context.dockerfile, content: dockerfileText };
      }
    }
    const registryconfig = await registryConfigFor(dockerfileText, options.credentials);
    const output = new BuildOutput();
    let stream: NodeJS.ReadableStream;
    try {
      stream = await docker.buildImage(createBuildContext(image.context, context), {
        t: reference,
        dockerfile: context.dockerfile,
        buildargs: { ...image.buildArgs },
        ...(image.platform === undefined ? {} : { platform: image.platform }),
        pull: options.pull ?? false,
        rm: true,
        forcerm: true,
        // The engine accepts identity tokens there too; dockerode's type only knows username/password.
        ...(Object.keys(registryconfig).length === 0
          ? {}
          : { registryconfig: registryconfig as Dockerode.RegistryConfig }),
      });
      await followBuild(docker, stream, output, onProgress);
    } catch (error) {
      // The engine refused the request itself (bad Dockerfile syntax, unknown platform, ...) or the stream broke.
      const message =
        (error as { json?: { message?: string } }).json?.message ??
        (error instanceof Error ? error.message : String(error));
      throw output.toError(reference, message, error);
    }
    if (output.error !== undefined) throw output.toError(reference);
    const imageId = output.imageId ?? (await docker.getImage(reference).inspect()).Id;
    return { reference, imageId, ...(generated === undefined ? {} : { dockerfile: generated.text }) };
  } finally {
    await generated?.remove();
  }
}
