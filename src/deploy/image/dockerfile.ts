// The Dockerfile generated for `dockerfile: "auto"`: a pure function of the project's shape (base image, directory
// name, lockfiles, dependency mode). Writing it into the context and removing it is generated-dockerfile.ts.
import { ConfigError } from "../../errors.js";
import type { ImageDependencies } from "./deployment-image.js";

/** npm's lockfiles, in the order npm itself prefers them. */
export const NPM_LOCKFILES = ["npm-shrinkwrap.json", "package-lock.json"] as const;

/** Lockfiles of other package managers, which the generated Dockerfile does not install from. */
export const OTHER_LOCKFILES = ["pnpm-lock.yaml", "yarn.lock", "bun.lockb", "bun.lock"] as const;

/** What {@link generateDockerfile} needs to know about the project. */
export interface DockerfileInputs {
  /** The `FROM` image. */
  baseImage: string;
  /** The context directory's name (the image's WORKDIR is `/opt/prefect/<slug of it>`). */
  projectDirName: string;
  dependencies: ImageDependencies;
  /** Whether the context has a package.json. */
  hasPackageJson: boolean;
  /** The lockfiles present at the context's root (names from {@link NPM_LOCKFILES} and {@link OTHER_LOCKFILES}). */
  lockfiles: readonly string[];
}

/** A directory name as a path-safe slug: lowercase letters, digits and dashes. */
export function projectSlug(dirName: string): string {
  const slug = dirName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "project" : slug;
}

/** The image's working directory for a project directory name. */
export function imageWorkdir(projectDirName: string): string {
  return `/opt/prefect/${projectSlug(projectDirName)}`;
}

/** Where the generated image puts the `prefect-ts` command. */
export const PREFECT_TS_BIN_LINK = "/usr/local/bin/prefect-ts";

// Run with `node -e` in the WORKDIR: finds prefect-ts's package.json (installed, or the project itself through the
// package's self-reference; a walk up node_modules when its exports hide package.json) and links its bin onto PATH.
// One compact line, since the build output echoes it. Exec form only: the base image may have no shell.
const LINK_DIR = PREFECT_TS_BIN_LINK.slice(0, PREFECT_TS_BIN_LINK.lastIndexOf("/"));
const LINK_SCRIPT = [
  'const fs=require("fs"),p=require("path");let f;',
  'try{f=require.resolve("prefect-ts/package.json",{paths:[process.cwd()]})}catch{for(let d=process.cwd();;d=p.dirname(d)){',
  'const o=p.join(d,"package.json"),n=p.join(d,"node_modules/prefect-ts/package.json");',
  'if(fs.existsSync(o)&&JSON.parse(fs.readFileSync(o,"utf8")).name==="prefect-ts"){f=o;break}',
  "if(fs.existsSync(n)){f=n;break}if(p.dirname(d)===d)break}}",
  'if(!f){console.error("prefect-ts is not installed in the image (looked from "+process.cwd()+"): add prefect-ts to the dependencies of package.json (npm install prefect-ts) and build again.");process.exit(1)}',
  'const k=JSON.parse(fs.readFileSync(f,"utf8")),b=typeof k.bin==="string"?k.bin:(k.bin||{})["prefect-ts"],t=b&&p.resolve(p.dirname(f),b);',
  'if(!t||!fs.existsSync(t)){console.error("prefect-ts at "+p.dirname(f)+" has no built bin (dist/cli/main.js): reinstall prefect-ts, or run npm run build in it.");process.exit(1)}',
  `fs.chmodSync(t,0o755);fs.mkdirSync(${JSON.stringify(LINK_DIR)},{recursive:true});fs.rmSync(${JSON.stringify(PREFECT_TS_BIN_LINK)},{force:true});`,
  `fs.symlinkSync(t,${JSON.stringify(PREFECT_TS_BIN_LINK)});console.log("prefect-ts "+k.version+" -> "+${JSON.stringify(PREFECT_TS_BIN_LINK)})`,
].join("");

/** An exec-form instruction: JSON array, so no shell is needed in the image. */
function execForm(instruction: "RUN", argv: readonly string[]): string {
  return `${instruction} ${JSON.stringify(argv)}`;
}

/**
 * The dependency lines of the Dockerfile.
 * @throws ConfigError when installing is asked but the project has no package.json, or only a non-npm lockfile
 */
function dependencyLines(inputs: DockerfileInputs): string[] {
  if (inputs.dependencies === "copy") return [];
  if (!inputs.hasPackageJson) {
    throw new ConfigError(
      `The generated Dockerfile installs dependencies from package.json, and "${inputs.projectDirName}" has none. Run \`npm init\` and add prefect-ts to its dependencies, or pass your own dockerfile.`,
      "dockerfile",
    );
  }
  const npmLockfiles = NPM_LOCKFILES.filter((file) => inputs.lockfiles.includes(file));
  const others = OTHER_LOCKFILES.filter((file) => inputs.lockfiles.includes(file));
  if (npmLockfiles.length === 0 && others.length > 0) {
    throw new ConfigError(
      `The generated Dockerfile installs dependencies with npm only, and "${inputs.projectDirName}" has ${others.join(", ")}. ` +
        `Pass your own dockerfile (e.g. dockerfile: "Dockerfile") that installs with your package manager, or use dependencies: "copy".`,
      "dockerfile",
    );
  }
  const copied = ["package.json", ...npmLockfiles];
  const install = npmLockfiles.length > 0 ? ["npm", "ci", "--omit=dev"] : ["npm", "install", "--omit=dev"];
  return [`COPY ${copied.join(" ")} ./`, execForm("RUN", install)];
}

/**
 * The text of the generated Dockerfile.
 * - `FROM` the base image, `WORKDIR /opt/prefect/<project>`;
 * - `install`: package.json and the npm lockfile first (a cached layer while they do not change), `npm ci --omit=dev`
 *   (`npm install --omit=dev` without a lockfile), then `COPY . .` (node_modules left out of the context);
 * - `copy`: `COPY . .` with the project's node_modules as they are;
 * - a step linking `prefect-ts` onto PATH (the build fails there when prefect-ts is not a dependency). No `CMD`: the
 *   worker runs `prefect-ts flow-run execute`.
 * @throws ConfigError when dependencies cannot be installed by npm from this project (see the message)
 */
export function generateDockerfile(inputs: DockerfileInputs): string {
  const lines = [
    `# Generated by prefect-ts for "${inputs.projectDirName}" (dependencies: ${inputs.dependencies}); removed after the build.`,
    `FROM ${inputs.baseImage}`,
    `WORKDIR ${imageWorkdir(inputs.projectDirName)}`,
    ...dependencyLines(inputs),
    "COPY . .",
    execForm("RUN", ["node", "-e", LINK_SCRIPT]),
  ];
  return `${lines.join("\n")}\n`;
}
