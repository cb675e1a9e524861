// Writing the generated Dockerfile into the build context for one build and removing it afterwards, without ever
// touching a Dockerfile the user has there. The text itself comes from dockerfile.ts.
import { existsSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DeploymentImage } from "./deployment-image.js";
import { generateDockerfile, NPM_LOCKFILES, OTHER_LOCKFILES, type DockerfileInputs } from "./dockerfile.js";

/** The project facts the generated Dockerfile depends on, read from `image.context`. */
export function dockerfileInputsFor(image: DeploymentImage): DockerfileInputs {
  return {
    baseImage: image.baseImage,
    projectDirName: path.basename(image.context),
    dependencies: image.dependencies,
    hasPackageJson: existsSync(path.join(image.context, "package.json")),
    lockfiles: [...NPM_LOCKFILES, ...OTHER_LOCKFILES].filter((file) => existsSync(path.join(image.context, file))),
  };
}

/** A generated Dockerfile on disk for the time of one build. */
export interface GeneratedDockerfile {
  /** The Dockerfile's text. */
  text: string;
  /** Its path relative to the context (posix): `Dockerfile`, or `Dockerfile.prefect-ts` when one exists. */
  relativePath: string;
  /** Removes the file (idempotent). */
  remove(): Promise<void>;
}

/**
 * Generates the Dockerfile for `image` and writes it into its context as `Dockerfile`, or under a unique name when
 * the context has a `Dockerfile` already (the user's file is never overwritten; Prefect refuses instead).
 * @throws ConfigError when the project cannot get a generated Dockerfile (see generateDockerfile)
 */
export async function writeGeneratedDockerfile(image: DeploymentImage): Promise<GeneratedDockerfile> {
  const text = generateDockerfile(dockerfileInputsFor(image));
  // Named the same way every time: `COPY . .` takes the file into the image, so a random name would make every
  // rebuild of an unchanged project miss the layer cache from there on.
  let relativePath = "Dockerfile";
  for (let n = 1; existsSync(path.join(image.context, relativePath)); n++) {
    relativePath = n === 1 ? "Dockerfile.prefect-ts" : `Dockerfile.prefect-ts-${n}`;
  }
  const absolute = path.join(image.context, relativePath);
  // `wx`: fail rather than overwrite if another build created the same name in between.
  await writeFile(absolute, text, { flag: "wx" });
  return {
    text,
    relativePath,
    remove: () => rm(absolute, { force: true }),
  };
}
