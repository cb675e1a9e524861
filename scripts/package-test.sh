#!/usr/bin/env bash
# Package test: pack the tarball, install it in a temp project, import every entry point,
# run the bin, and run a flow on the embedded server from the installed package.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
mkdir -p "$work/app"
cd "$work/app"
printf '{ "name": "package-test", "private": true, "type": "module" }\n' > package.json
npm install --no-audit --no-fund --prefer-offline "$work/$tarball" >/dev/null
export PREFECT_HOME="$work/home"
node --input-type=module -e '
const entries = ["prefect-ts", "prefect-ts/client", "prefect-ts/server", "prefect-ts/testing"];
for (const entry of entries) {
  const mod = await import(entry);
  if (Object.keys(mod).length === 0) throw new Error(`${entry} exports nothing`);
  console.log(`import ${entry}: ${Object.keys(mod).length} exports`);
}
const { flow, task, getClient } = await import("prefect-ts");
const double = task({ name: "double" }, async (x) => x * 2);
const main = flow({ name: "package-test" }, async (x) => (await double(x)) + 1);
const result = await main(20);
if (result !== 41) throw new Error(`flow returned ${result}, expected 41`);
const runs = await getClient().readFlowRuns();
if (runs.length !== 1 || runs[0].stateType !== "COMPLETED") throw new Error("flow run not recorded as COMPLETED");
console.log("flow on the embedded server: COMPLETED");
'
npx --no-install prefect-ts --help >/dev/null
npx --no-install prefect-ts version
echo "package test passed"
