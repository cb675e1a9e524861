// Building and pushing deployment images on a real engine: the generated Dockerfile (copy mode, offline) yields a
// runnable `prefect-ts`, ignore files hold, a custom Dockerfile is used as is, failures name the step, pushes give digests.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Dockerode from "dockerode";
import { ConfigError } from "../../src/errors.js";
import {
  buildImage,
  DeploymentImage,
  ImageBuildError,
  ImageCheckError,
  ImagePushError,
  prepareDeploymentImage,
  pushImage,
} from "../../src/deploy/image/index.js";
import { BASE_IMAGE, docker, dockerSuite, dockerUnavailable, REGISTRY } from "./docker-harness.js";
import { makeTinyProject, PREFECT_TS_VERSION } from "./image-fixture.js";

const settings = { PREFECT_DEFAULT_DOCKER_BUILD_NAMESPACE: null, PREFECT_DOCKER_BASE_IMAGE: BASE_IMAGE };
const run = `${process.pid}`;

/** Runs `cmd` in a container of `image` (host network) and returns its exit code and output. */
async function runIn(engine: Dockerode, image: string, cmd: string[]): Promise<{ code: number; output: string }> {
  const container = await engine.createContainer({
    Image: image,
    Cmd: cmd,
    Tty: true,
    HostConfig: { NetworkMode: "host" },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = await container.logs({ stdout: true, stderr: true });
    return { code: StatusCode, output: logs.toString("utf8") };
  } finally {
    await container.remove({ force: true });
  }
}

function noGeneratedDockerfiles(dir: string): boolean {
  return readdirSync(dir).every((file) => !file.startsWith("Dockerfile.prefect-ts"));
}

describe.skipIf(dockerUnavailable !== "")(dockerSuite("deployment images"), () => {
  let engine: Dockerode;
  const created: string[] = [];
  const dirs: string[] = [];
  const project = (files?: Record<string, string>): string => {
    const dir = makeTinyProject(files);
    dirs.push(path.dirname(dir));
    return dir;
  };
  const quiet = (): void => undefined;

  beforeAll(async () => {
    engine = await docker();
  });

  afterAll(async () => {
    for (const reference of created)
      await engine
        .getImage(reference)
        .remove({ force: true })
        .catch(() => undefined);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("builds the generated Dockerfile offline (copy mode) into an image where prefect-ts runs, honouring .dockerignore", async () => {
    const dir = project({ ".dockerignore": "secret.env\n", "secret.env": "TOKEN=x\n" });
    const image = new DeploymentImage(
      { name: "prefect-ts-test-image", tag: `gen-${run}`, context: dir, dependencies: "copy" },
      settings,
    );
    const lines: string[] = [];
    const built = await buildImage(image, {
      docker: engine,
      onProgress: (line) => lines.push(line),
      printDockerfile: true,
    });
    created.push(built.reference);
    expect(built.reference).toBe(`prefect-ts-test-image:gen-${run}`);
    expect(built.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(lines).toContain(`  FROM ${BASE_IMAGE}`);
    expect(
      lines.some((line) => line.startsWith("Step 4/4 : RUN node -e <script: links the prefect-ts command onto PATH>")),
    ).toBe(true);
    expect(existsSync(path.join(dir, "Dockerfile"))).toBe(false);

    const version = await runIn(engine, built.reference, ["prefect-ts", "--version"]);
    expect(version).toEqual({ code: 0, output: expect.stringContaining(PREFECT_TS_VERSION) as string });
    const files = await runIn(engine, built.reference, [
      "node",
      "-e",
      "console.log(JSON.stringify(require('fs').readdirSync('.').sort()))",
    ]);
    expect(files.output).toContain("flows.ts");
    expect(files.output).toContain("node_modules");
    expect(files.output).not.toContain("secret.env");
    const workdir = await runIn(engine, built.reference, ["node", "-e", "console.log(process.cwd())"]);
    expect(workdir.output.trim()).toBe("/opt/prefect/tiny-flows");
  });

  it("leaves the user's Dockerfile alone and builds from a temp name, removed after", async () => {
    const dir = project({ Dockerfile: "FROM scratch\n# the user's\n" });
    const image = new DeploymentImage(
      { name: "prefect-ts-test-image", tag: `own-${run}`, context: dir, dependencies: "copy" },
      settings,
    );
    const built = await buildImage(image, { docker: engine, onProgress: quiet });
    created.push(built.reference);
    expect(readFileSync(path.join(dir, "Dockerfile"), "utf8")).toBe("FROM scratch\n# the user's\n");
    expect(noGeneratedDockerfiles(dir)).toBe(true);
    expect(built.dockerfile).toContain(`FROM ${BASE_IMAGE}`);
  });

  it("uses a custom Dockerfile as is, with build args", async () => {
    const dir = project({
      "docker/app.Dockerfile": `FROM ${BASE_IMAGE}\nARG GREETING\nRUN ["node", "-e", "require('fs').writeFileSync('/greeting', process.env.GREETING)"]\n`,
    });
    const image = new DeploymentImage(
      {
        name: "prefect-ts-test-image",
        tag: `custom-${run}`,
        context: dir,
        dockerfile: "docker/app.Dockerfile",
        buildArgs: { GREETING: "hi" },
      },
      settings,
    );
    const built = await buildImage(image, { docker: engine, onProgress: quiet });
    created.push(built.reference);
    const result = await runIn(engine, built.reference, [
      "node",
      "-e",
      "process.stdout.write(require('fs').readFileSync('/greeting','utf8'))",
    ]);
    expect(result.output).toBe("hi");
  });

  it("fails a RUN step with ImageBuildError naming the step and the last lines", async () => {
    const dir = project({
      "Dockerfile.fail": `FROM ${BASE_IMAGE}\nRUN ["node", "-e", "console.log('about to fail'); process.exit(3)"]\n`,
    });
    const image = new DeploymentImage(
      { name: "prefect-ts-test-image", tag: `fail-${run}`, context: dir, dockerfile: "Dockerfile.fail" },
      settings,
    );
    const error = await buildImage(image, { docker: engine, onProgress: quiet }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageBuildError);
    expect((error as ImageBuildError).step).toBe(
      `Step 2/2 : RUN ["node", "-e", "console.log('about to fail'); process.exit(3)"]`,
    );
    expect((error as Error).message).toContain("failed at Step 2/2 : RUN");
    expect((error as Error).message).toContain("returned a non-zero code: 3");
    expect((error as Error).message).toContain("  | about to fail");
  });

  it("fails the generated build when prefect-ts is not installed, saying to add it, and removes the Dockerfile", async () => {
    const dir = project();
    rmSync(path.join(dir, "node_modules", "prefect-ts"), { recursive: true });
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "tiny-flows", version: "1.0.0" }));
    const image = new DeploymentImage(
      { name: "prefect-ts-test-image", tag: `missing-${run}`, context: dir, dependencies: "copy" },
      settings,
    );
    const error = await buildImage(image, { docker: engine, onProgress: quiet }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageBuildError);
    expect((error as Error).message).toContain("add prefect-ts to the dependencies of package.json");
    expect(existsSync(path.join(dir, "Dockerfile"))).toBe(false);
  });

  it("refuses a pnpm project in install mode before touching the engine", async () => {
    const dir = project({ "pnpm-lock.yaml": "lockfileVersion: '9.0'\n" });
    const image = new DeploymentImage({ name: "prefect-ts-test-image", tag: `pnpm-${run}`, context: dir }, settings);
    await expect(buildImage(image, { docker: engine, onProgress: quiet })).rejects.toThrow(ConfigError);
    expect(existsSync(path.join(dir, "Dockerfile"))).toBe(false);
  });

  it("builds and pushes once to the registry, returning the digest the registry serves", async () => {
    const dir = project();
    const image = new DeploymentImage(
      { name: `${REGISTRY}/prefect-ts-test-image`, tag: `push-${run}`, context: dir, dependencies: "copy" },
      settings,
    );
    const lines: string[] = [];
    const prepared = await prepareDeploymentImage(image, { docker: engine, onProgress: (line) => lines.push(line) });
    created.push(prepared.reference);
    expect(prepared.reference).toBe(`${REGISTRY}/prefect-ts-test-image:push-${run}`);
    expect(prepared.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const response = await fetch(`http://${REGISTRY}/v2/prefect-ts-test-image/manifests/push-${run}`, {
      headers: { accept: "application/vnd.docker.distribution.manifest.v2+json" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("docker-content-digest")).toBe(prepared.digest);
    // Pushing again (no build) gives the same digest.
    expect(await pushImage(prepared.reference, { docker: engine, onProgress: quiet })).toBe(prepared.digest);
  });

  it("refuses a built image whose prefect-ts cannot start (ImageCheckError with its error) before pushing it", async () => {
    const dir = project({
      "node_modules/prefect-ts/dist/cli/main.js": '#!/usr/bin/env node\nthrow new Error("broken install");\n',
    });
    const image = new DeploymentImage(
      { name: `${REGISTRY}/prefect-ts-test-image`, tag: `broken-${run}`, context: dir, dependencies: "copy" },
      settings,
    );
    created.push(image.reference);
    const error = await prepareDeploymentImage(image, { docker: engine, onProgress: quiet }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageCheckError);
    expect((error as ImageCheckError).reference).toBe(image.reference);
    expect((error as Error).message).toContain('`prefect-ts --version` exited with code 1 ("Error: broken install")');
    expect((error as Error).message).toContain("node_modules/.bin");
    // Not pushed, and the check's container is gone.
    expect((await fetch(`http://${REGISTRY}/v2/prefect-ts-test-image/manifests/broken-${run}`)).status).toBe(404);
    expect(await engine.listContainers({ all: true, filters: { label: ["io.prefect-ts.image-check"] } })).toEqual([]);
  });

  it("returns the reference without touching the engine when neither building nor pushing", async () => {
    expect(await prepareDeploymentImage("ghcr.io/me/app:v1", { build: false, push: false })).toEqual({
      reference: "ghcr.io/me/app:v1",
    });
  });

  it("fails a push to an unreachable registry with ImagePushError naming it", async () => {
    const source = `prefect-ts-test-image:gen-${run}`;
    const target = `127.0.0.1:5999/prefect-ts-test-image`;
    await engine.getImage(source).tag({ repo: target, tag: `nowhere-${run}` });
    created.push(`${target}:nowhere-${run}`);
    const error = await pushImage(`${target}:nowhere-${run}`, { docker: engine, onProgress: quiet }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImagePushError);
    expect((error as ImagePushError).registry).toBe("127.0.0.1:5999");
    expect((error as Error).message).toContain("to 127.0.0.1:5999 failed");
    expect((error as Error).message).toMatch(/connection refused/);
    expect((error as Error).message).toContain("Check that the registry 127.0.0.1:5999 is running and reachable");
  });

  it("fails a push of an image the engine does not have", async () => {
    const error = await pushImage(`${REGISTRY}/prefect-ts-test-absent:${run}`, {
      docker: engine,
      onProgress: quiet,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagePushError);
    expect((error as Error).message).toContain("the Docker Engine has no such image");
    expect((error as Error).message).toContain("Build it first");
  });
});
