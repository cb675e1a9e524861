// Artifacts: what publishing one costs a flow (createMarkdownArtifact / createTableArtifact awaited inside a flow run,
// stored when the call returns), in-process and over loopback to a server in another process; and what reading them
// back costs once there are many: the Artifacts page's query (latest per key, 25 a page) and one key's versions.
import { performance } from "node:perf_hooks";
import { createMarkdownArtifact, createTableArtifact } from "../src/artifacts.js";
import { PrefectClient } from "../src/client/index.js";
import { withClient } from "../src/engine/client-provider.js";
import { setConsoleWriter } from "../src/engine/logger.js";
import { flow } from "../src/flow.js";
import { createTestServer } from "../src/testing/index.js";
import { childServer } from "./child-server.js";
import { figure, type Figure } from "./figure.js";

const CALLS = 500;

async function publishing(client: PrefectClient, transport: string): Promise<Figure[]> {
  const markdown: number[] = [];
  const table: number[] = [];
  const rows = Array.from({ length: 50 }, (_, i) => ({ region: `r${i}`, sales: i * 3, share: i / 50 }));
  const publish = flow({ name: "bench-artifacts" }, async () => {
    for (let i = 0; i < CALLS; i++) {
      let start = performance.now();
      await createMarkdownArtifact(`# Report ${i}\n\nTotal: **${i}**`, { key: `bench-report-${i % 20}` });
      markdown.push(performance.now() - start);
      start = performance.now();
      await createTableArtifact(rows, { key: `bench-table-${i % 20}` });
      table.push(performance.now() - start);
    }
  });
  await withClient(client, async () => {
    await publish(); // warm-up: routes load, JIT
    markdown.length = 0;
    table.length = 0;
    await publish();
  });
  const target = transport === "in-process" ? "<= 1" : "<= 3";
  return [
    figure(`createMarkdownArtifact (${transport})`, "ms", markdown, target, "keyed, in a flow run, stored on return"),
    figure(`createTableArtifact, 50 rows (${transport})`, "ms", table, target, "keyed, in a flow run"),
  ];
}

async function reading(): Promise<Figure[]> {
  const server = await createTestServer({ transport: "in-process" });
  try {
    const { client } = server;
    // 10,000 artifacts over 500 keys (20 versions each), as a year of a daily flow with a few reports would leave.
    for (let i = 0; i < 10_000; i++) {
      await client.createArtifact({ key: `key-${i % 500}`, type: "markdown", data: `# ${i}`, description: "d" });
    }
    const page: number[] = [];
    const versions: number[] = [];
    for (let i = 0; i < 200; i++) {
      let start = performance.now();
      await client.readLatestArtifacts({ sort: "KEY_ASC", limit: 25, offset: (i * 25) % 500 });
      page.push(performance.now() - start);
      start = performance.now();
      await client.readArtifacts({ artifactFilter: { key: { any_: [`key-${i % 500}`] } }, sort: "UPDATED_DESC" });
      versions.push(performance.now() - start);
    }
    return [
      figure("latest per key, page of 25 (10,000 artifacts)", "ms", page, "<= 10", "in-process; Artifacts page"),
      figure("one key's 20 versions (10,000 artifacts)", "ms", versions, "<= 10", "in-process; key page"),
    ];
  } finally {
    await server.close();
  }
}

export async function run(): Promise<Figure[]> {
  const restore = setConsoleWriter(() => {});
  try {
    const figures: Figure[] = [];
    const embedded = await createTestServer({ transport: "in-process" });
    try {
      figures.push(...(await publishing(embedded.client, "in-process")));
    } finally {
      await embedded.close();
    }
    const remote = await childServer();
    try {
      figures.push(...(await publishing(new PrefectClient({ apiUrl: remote.apiUrl }), "http")));
    } finally {
      await remote.stop();
    }
    figures.push(...(await reading()));
    return figures;
  } finally {
    setConsoleWriter(restore);
  }
}
