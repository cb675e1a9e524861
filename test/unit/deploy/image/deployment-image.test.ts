// DeploymentImage naming: Prefect's namespace and tag rules, reference parsing, and ConfigErrors naming the field.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DeploymentImage, defaultBaseImage } from "../../../../src/deploy/image/deployment-image.js";
import {
  defaultImageTag,
  parseImageReference,
  registryOf,
  splitRepositoryPath,
  DOCKER_HUB_REGISTRY,
} from "../../../../src/deploy/image/image-reference.js";
import { configError } from "../../../helpers/config-error.js";

const noSettings = { PREFECT_DEFAULT_DOCKER_BUILD_NAMESPACE: null, PREFECT_DOCKER_BASE_IMAGE: null };
const withNamespace = {
  PREFECT_DEFAULT_DOCKER_BUILD_NAMESPACE: "registry.example.com/team",
  PREFECT_DOCKER_BASE_IMAGE: null,
};

describe("parseImageReference", () => {
  it.each([
    ["app", "app", undefined],
    ["app:v1", "app", "v1"],
    ["team/app:v1", "team/app", "v1"],
    ["127.0.0.1:5000/app", "127.0.0.1:5000/app", undefined],
    ["127.0.0.1:5000/team/app:2026-01", "127.0.0.1:5000/team/app", "2026-01"],
  ])("%s", (reference, name, tag) => {
    expect(parseImageReference(reference)).toEqual({ name, tag, digest: undefined });
  });

  it("keeps a digest apart", () => {
    const digest = `sha256:${"a".repeat(64)}`;
    expect(parseImageReference(`host:5000/app:v1@${digest}`)).toEqual({ name: "host:5000/app", tag: "v1", digest });
  });
});

describe("splitRepositoryPath and registryOf", () => {
  it("follows Prefect's namespace split", () => {
    expect(splitRepositoryPath("app")).toEqual({ namespace: undefined, repository: "app" });
    expect(splitRepositoryPath("team/app")).toEqual({ namespace: "team", repository: "app" });
    expect(splitRepositoryPath("127.0.0.1:5000/team/app")).toEqual({
      namespace: "127.0.0.1:5000/team",
      repository: "app",
    });
  });

  it("finds the registry host, or Docker Hub", () => {
    expect(registryOf("127.0.0.1:5000/app")).toBe("127.0.0.1:5000");
    expect(registryOf("ghcr.io/me/app")).toBe("ghcr.io");
    expect(registryOf("localhost/app")).toBe("localhost");
    expect(registryOf("team/app")).toBe(DOCKER_HUB_REGISTRY);
    expect(registryOf("app")).toBe(DOCKER_HUB_REGISTRY);
    expect(registryOf("docker.io/team/app")).toBe(DOCKER_HUB_REGISTRY);
  });
});

describe("DeploymentImage", () => {
  it("defaults the tag to the UTC time slug, the context to cwd and the Dockerfile to auto", () => {
    expect(defaultImageTag(new Date("2026-11-24T20:55:12.345Z"))).toBe("20261124-205512");
    const image = new DeploymentImage({ name: "my-flows" }, noSettings);
    expect(image.tag).toMatch(/^\d{8}-\d{6}$/);
    expect(image.context).toBe(process.cwd());
    expect(image.dockerfile).toBe("auto");
    expect(image.dependencies).toBe("install");
    expect(image.baseImage).toBe(defaultBaseImage());
    expect(defaultBaseImage()).toBe(`node:${process.versions.node.split(".")[0] ?? ""}-slim`);
  });

  it("puts PREFECT_DEFAULT_DOCKER_BUILD_NAMESPACE before a name without namespace only", () => {
    expect(new DeploymentImage({ name: "app", tag: "v1" }, withNamespace).reference).toBe(
      "registry.example.com/team/app:v1",
    );
    expect(new DeploymentImage({ name: "me/app", tag: "v1" }, withNamespace).reference).toBe("me/app:v1");
    expect(new DeploymentImage({ name: "127.0.0.1:5000/app", tag: "v1" }, withNamespace).reference).toBe(
      "127.0.0.1:5000/app:v1",
    );
  });

  it("takes the base image from PREFECT_DOCKER_BASE_IMAGE, or the option", () => {
    expect(
      new DeploymentImage({ name: "app" }, { ...noSettings, PREFECT_DOCKER_BASE_IMAGE: "node:22" }).baseImage,
    ).toBe("node:22");
    expect(
      new DeploymentImage({ name: "app", baseImage: "mine:1" }, { ...noSettings, PREFECT_DOCKER_BASE_IMAGE: "node:22" })
        .baseImage,
    ).toBe("mine:1");
  });

  it("from() parses name, tag and registry port", () => {
    expect(DeploymentImage.from("127.0.0.1:5000/team/app:v2", noSettings).reference).toBe("127.0.0.1:5000/team/app:v2");
    const untagged = DeploymentImage.from("127.0.0.1:5000/app", noSettings);
    expect(untagged.name).toBe("127.0.0.1:5000/app");
    expect(untagged.tag).toMatch(/^\d{8}-\d{6}$/);
    const image = new DeploymentImage({ name: "x", tag: "1" }, noSettings);
    expect(DeploymentImage.from(image)).toBe(image);
    const digest = `sha256:${"b".repeat(64)}`;
    expect(DeploymentImage.from(`app@${digest}`, noSettings).reference).toBe(`app@${digest}`);
  });

  it("resolves a Dockerfile path against the context", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "prefect-ts-image-unit-"));
    writeFileSync(path.join(dir, "Dockerfile.custom"), "FROM scratch\n");
    const image = new DeploymentImage({ name: "app", dockerfile: "Dockerfile.custom", context: dir }, noSettings);
    expect(image.dockerfile).toBe(path.join(dir, "Dockerfile.custom"));
  });

  it("refuses invalid names, tags and paths with ConfigErrors naming the field and the fix", () => {
    let error = configError(() => new DeploymentImage({ name: "" }, noSettings));
    expect(error.key).toBe("name");
    expect(error.message).toContain('"name" is empty');
    error = configError(() => new DeploymentImage({ name: "My-Flows" }, noSettings));
    expect(error.key).toBe("name");
    expect(error.message).toContain('Use lowercase: "my-flows"');
    error = configError(() => new DeploymentImage({ name: "app", tag: "bad tag!" }, noSettings));
    expect(error.key).toBe("tag");
    expect(error.message).toContain('Image tag "bad tag!" is invalid');
    error = configError(() => new DeploymentImage({ name: "app:v1", tag: "v2" }, noSettings));
    expect(error.message).toContain("two tags given");
    error = configError(() => new DeploymentImage({ name: "app", dockerfile: "nope/Dockerfile" }, noSettings));
    expect(error.key).toBe("dockerfile");
    expect(error.message).toContain('dockerfile "nope/Dockerfile" does not exist');
    error = configError(() => new DeploymentImage({ name: "app", context: "/no/such/dir" }, noSettings));
    expect(error.key).toBe("context");
    error = configError(() => new DeploymentImage({ name: "app", dependencies: "vendor" as "copy" }, noSettings));
    expect(error.key).toBe("dependencies");
  });
});
