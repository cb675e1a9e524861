// The generated Dockerfile: base image, workdir, the dependency modes, npm-only lockfiles, and the bin link step.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../../src/errors.js";
import {
  generateDockerfile,
  imageWorkdir,
  projectSlug,
  type DockerfileInputs,
} from "../../../../src/deploy/image/dockerfile.js";
import { baseImagesOf } from "../../../../src/deploy/image/build-image.js";

const base: DockerfileInputs = {
  baseImage: "node:20-slim",
  projectDirName: "My Flows",
  dependencies: "install",
  hasPackageJson: true,
  lockfiles: ["package-lock.json"],
};

function instructions(text: string): string[] {
  return text.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
}

describe("generateDockerfile", () => {
  it("installs from the npm lockfile before copying the project (install mode)", () => {
    const lines = instructions(generateDockerfile(base));
    expect(lines.slice(0, 5)).toEqual([
      "FROM node:20-slim",
      "WORKDIR /opt/prefect/my-flows",
      "COPY package.json package-lock.json ./",
      'RUN ["npm","ci","--omit=dev"]',
      "COPY . .",
    ]);
    expect(lines[5]).toMatch(/^RUN \["node","-e",".*prefect-ts\/package\.json.*\/usr\/local\/bin\/prefect-ts/);
    expect(lines).toHaveLength(6);
    expect(generateDockerfile(base)).not.toMatch(/^CMD|^ENTRYPOINT/m);
  });

  it("copies both npm lockfiles and uses npm install without one", () => {
    expect(generateDockerfile({ ...base, lockfiles: ["npm-shrinkwrap.json", "package-lock.json"] })).toContain(
      "COPY package.json npm-shrinkwrap.json package-lock.json ./",
    );
    const noLock = instructions(generateDockerfile({ ...base, lockfiles: [] }));
    expect(noLock).toContain("COPY package.json ./");
    expect(noLock).toContain('RUN ["npm","install","--omit=dev"]');
  });

  it("prefers npm's lockfile when other package managers' are there too", () => {
    expect(generateDockerfile({ ...base, lockfiles: ["package-lock.json", "yarn.lock"] })).toContain(
      'RUN ["npm","ci","--omit=dev"]',
    );
  });

  it("refuses pnpm and yarn lockfiles alone, saying to pass a Dockerfile", () => {
    for (const lockfile of ["pnpm-lock.yaml", "yarn.lock"]) {
      let error: unknown;
      try {
        generateDockerfile({ ...base, lockfiles: [lockfile] });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain(`with npm only, and "My Flows" has ${lockfile}`);
      expect((error as ConfigError).message).toContain("Pass your own dockerfile");
      expect((error as ConfigError).key).toBe("dockerfile");
    }
  });

  it("refuses install mode without package.json", () => {
    expect(() => generateDockerfile({ ...base, hasPackageJson: false, lockfiles: [] })).toThrow(
      /has none\. Run `npm init`/,
    );
  });

  it("copies node_modules as they are in copy mode, whatever the lockfile", () => {
    const lines = instructions(
      generateDockerfile({ ...base, dependencies: "copy", lockfiles: ["pnpm-lock.yaml"], hasPackageJson: false }),
    );
    expect(lines.slice(0, 3)).toEqual(["FROM node:20-slim", "WORKDIR /opt/prefect/my-flows", "COPY . ."]);
    expect(lines.join("\n")).not.toMatch(/"npm"|npm ci|npm install --omit/);
    expect(lines).toHaveLength(4);
  });

  it("uses exec-form RUN only, with valid JSON", () => {
    for (const line of instructions(generateDockerfile(base)).filter((l) => l.startsWith("RUN "))) {
      expect(() => JSON.parse(line.slice(4)) as unknown).not.toThrow();
    }
  });

  it("slugs the project directory name", () => {
    expect(projectSlug("My_Project.v2")).toBe("my-project-v2");
    expect(projectSlug("___")).toBe("project");
    expect(imageWorkdir("etl")).toBe("/opt/prefect/etl");
  });
});

describe("baseImagesOf", () => {
  it("lists FROM images, skipping stages and scratch", () => {
    expect(
      baseImagesOf(
        "FROM --platform=linux/amd64 ghcr.io/a/b:1 AS build\nRUN x\nFROM build\nFROM scratch\nfrom node:20\n",
      ),
    ).toEqual(["ghcr.io/a/b:1", "node:20"]);
  });
});
