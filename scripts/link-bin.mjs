// Links the CLI into this repository's own node_modules/.bin, so `npx prefect-ts ...` in a clone runs the build
// at once (npx finds a local bin first) instead of installing the repository into npm's cache. Run by `prepare`.
import { chmodSync, existsSync, lstatSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "dist", "cli", "main.js");
const bin = join(root, "node_modules", ".bin", "prefect-ts");
if (!existsSync(target)) {
  console.error(`link-bin: ${relative(root, target)} is missing; run \`npm run build\` first`);
  process.exit(1);
}
// Only inside an installed tree: a package being packed or installed elsewhere has no node_modules of its own here.
if (existsSync(join(root, "node_modules"))) {
  mkdirSync(dirname(bin), { recursive: true });
  if (existsSync(bin) || isLink(bin)) rmSync(bin);
  symlinkSync(relative(dirname(bin), target), bin);
  chmodSync(target, 0o755);
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
