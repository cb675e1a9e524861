// Seed 001's interactive `prefect-ts deploy` onto a Docker pool, in a real pseudo-terminal, in a project with
// prefect-ts installed from the packed tarball: the wizard asks whether to build an image (name, tag, the project's
// Dockerfile) and whether to push it, builds it, checks it runs prefect-ts, deploys with the image (no pull of an
// image pushed nowhere), and saves the answers, build step included, to prefect.yaml.
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import type Dockerode from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { KEYS, startPty } from "../helpers/pty.js";
import { docker, dockerSuite, dockerUnavailable } from "./docker-harness.js";
import { cliArgs, makeUserProject, projectEnv, runIn } from "./user-project.js";

const POOL = "wizard-docker-pool";
const IMAGE = "wizard-image";

describe.skipIf(dockerUnavailable !== "")(dockerSuite("the deploy wizard on a Docker pool"), () => {
  let dir: string;
  let env: Record<string, string>;
  let client: PrefectClient;
  let engine: Dockerode;

  beforeAll(async () => {
    dir = makeUserProject();
    env = { PREFECT_HOME: join(dirname(dir), "home"), TZ: "UTC" };
    client = getClient({ settings: resolveSettings({ env }) });
    engine = await docker();
    const created = await runIn(dir, cliArgs(dir, ["work-pool", "create", "--type", "docker", POOL]), env);
    expect(created.code, created.stdout + created.stderr).toBe(0);
  });
  afterAll(async () => {
    await closeEmbeddedServers();
    for (const image of (await engine?.listImages({ filters: { reference: [IMAGE] } })) ?? [])
      await engine
        .getImage(image.Id)
        .remove({ force: true })
        .catch(() => undefined);
    if (dir) rmSync(dirname(dir), { recursive: true, force: true });
  });

  it("builds the image it asked for, deploys with it and saves the build step to prefect.yaml", async () => {
    const pty = startPty([process.execPath, ...cliArgs(dir, ["deploy"])], { cwd: dir, env: projectEnv(env) });
    try {
      let at = await pty.waitFor("Which flow would you like to deploy?");
      at = await pty.waitFor("get-repo-info", { since: at });
      pty.send(KEYS.enter);
      at = await pty.waitFor("Deployment name", { since: at });
      pty.send("wizard-docker" + KEYS.enter);
      at = await pty.waitFor("Would you like to schedule this deployment?", { since: at });
      pty.send(KEYS.enter); // no schedule
      at = await pty.waitFor("Which work pool", { since: at });
      pty.send(KEYS.enter); // the docker pool
      at = await pty.waitFor("build a custom Docker image", { since: at });
      pty.send(KEYS.enter); // yes
      at = await pty.waitFor("Image name", { since: at });
      pty.send(IMAGE + KEYS.enter);
      at = await pty.waitFor("Image tag", { since: at });
      pty.send(KEYS.enter); // latest
      at = await pty.waitFor("Which Dockerfile?", { since: at });
      pty.send(KEYS.down + KEYS.enter); // the project's ./Dockerfile
      at = await pty.waitFor("push this image", { since: at });
      pty.send(KEYS.enter); // no
      at = await pty.waitFor("Save these answers to prefect.yaml", { since: at, timeoutMs: 240_000 });
      pty.send(KEYS.enter);
      await pty.waitFor("Saved deployment 'wizard-docker' to prefect.yaml", { since: at });
      expect(await pty.exited, pty.screen()).toBe(0);
    } finally {
      pty.kill();
    }
    const deployment = await client.readDeploymentByName("get-repo-info/wizard-docker");
    expect(deployment.workPoolName).toBe(POOL);
    expect(deployment.jobVariables).toMatchObject({ image: `${IMAGE}:latest`, image_pull_policy: "IfNotPresent" });
    expect(await engine.getImage(`${IMAGE}:latest`).inspect()).toBeTruthy();
    const saved = readFileSync(join(dir, "prefect.yaml"), "utf8");
    expect(saved).toMatch(
      /prefect_ts\.deployments\.steps\.build_docker_image:\n\s+id: build-image\n\s+image_name: wizard-image\n\s+tag: latest\n\s+dockerfile: Dockerfile/,
    );
    expect(saved).toMatch(/image_pull_policy: IfNotPresent/);
    expect(saved).not.toMatch(/push_docker_image/);
  });
});
