// Type tests of the SDK's artifacts: each create function takes its content's shape and returns the artifact's id;
// the client's models are camelCase with Dates, metadata_ as on the wire.
import { describe, expectTypeOf, test } from "vitest";
import {
  createImageArtifact,
  createLinkArtifact,
  createMarkdownArtifact,
  createProgressArtifact,
  createTableArtifact,
  getClient,
  updateProgressArtifact,
  type Artifact,
  type ArtifactCollection,
} from "prefect-ts";

describe("artifacts", () => {
  test("create functions: their content's shape in, the new artifact's id out", () => {
    expectTypeOf(createMarkdownArtifact("# hi", { key: "k", description: "d" })).resolves.toEqualTypeOf<string>();
    expectTypeOf(createLinkArtifact("https://x", { linkText: "x" })).resolves.toEqualTypeOf<string>();
    expectTypeOf(createImageArtifact("https://x/a.png")).resolves.toEqualTypeOf<string>();
    expectTypeOf(createProgressArtifact(10)).resolves.toEqualTypeOf<string>();
    expectTypeOf(updateProgressArtifact("id", 20, { description: "d" })).resolves.toEqualTypeOf<string>();
    void createTableArtifact([{ a: 1 }]);
    void createTableArtifact({ a: [1, 2] });
    void createTableArtifact([[1, 2]]);
    // @ts-expect-error a table is rows or columns, not text
    void createTableArtifact("a,b");
    // @ts-expect-error progress is a number
    void createProgressArtifact("50%");
    // @ts-expect-error options have no such field
    void createMarkdownArtifact("x", { name: "k" });
  });

  test("client models: camelCase, Dates, the latest artifact's id", async () => {
    const artifact = await getClient().readArtifact("id");
    expectTypeOf(artifact).toEqualTypeOf<Artifact>();
    expectTypeOf(artifact.flowRunId).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(artifact.created).toEqualTypeOf<Date | null | undefined>();
    expectTypeOf(artifact.metadata_).toEqualTypeOf<Record<string, string> | null | undefined>();
    const latest = await getClient().readLatestArtifact("k");
    expectTypeOf(latest).toEqualTypeOf<ArtifactCollection | undefined>();
    expectTypeOf(latest?.latestId).toEqualTypeOf<string | undefined>();
  });
});
