// The root entry's getClient() returns a real PrefectClient: instanceof, sync members sync (subscribeEvents hands
// back its subscription at once), settings resolved at the call, client code loaded on the first request.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED_API_URL, flow, getClient, withClient } from "../../../src/index.js";
import { PrefectClient } from "../../../src/client/index.js";
import { closeEmbeddedServers } from "../../../src/connect.js";
import { ConfigError } from "../../../src/errors.js";
import { resolveSettings } from "../../../src/settings/index.js";
import { waitFor } from "../../../src/testing/index.js";

describe("root getClient()", () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "prefect-ts-root-client-"));
  });
  afterAll(async () => {
    await closeEmbeddedServers();
    await rm(home, { recursive: true, force: true });
  });

  it("is a PrefectClient, not a thenable, and reads what another client wrote", async () => {
    const settings = resolveSettings({ env: { PREFECT_HOME: home } });
    const client = getClient({ settings });
    expect(client).toBeInstanceOf(PrefectClient);
    expect(client.apiUrl).toBe(EMBEDDED_API_URL);
    expect((client as unknown as { then?: unknown }).then).toBeUndefined();
    expect(await Promise.resolve(client)).toBe(client);
    const created = await getClient({ settings }).createFlow("written-elsewhere");
    const read = await client.readFlowByName("written-elsewhere");
    expect(read.id).toBe(created.id);
    const { readFlow } = client; // methods survive destructuring
    expect((await readFlow(created.id)).name).toBe("written-elsewhere");
  });

  it("subscribeEvents returns its subscription synchronously, and it hears this process's runs", async () => {
    const settings = resolveSettings({ env: { PREFECT_HOME: home } });
    const client = getClient({ settings }); // a fresh client: its code is not loaded yet
    const seen: string[] = [];
    const sub = client.subscribeEvents({ event: { prefix: ["prefect.flow-run."] } }, (event) => seen.push(event.event));
    expect(sub).not.toBeInstanceOf(Promise);
    expect(typeof sub.close).toBe("function");
    await sub.ready;
    const hello = flow({ name: "root-client-events" }, async () => "hi");
    await withClient(client, () => hello());
    await waitFor(() => seen.includes("prefect.flow-run.Completed"), { message: "the Completed event" });
    sub.close();
  });

  it("a subscription closed before the client code loaded never subscribes", async () => {
    const client = getClient({ settings: resolveSettings({ env: { PREFECT_HOME: home } }) });
    const sub = client.subscribeEvents({}, () => undefined);
    sub.close();
    await expect(sub.ready).rejects.toThrow(/closed before the server accepted it/);
  });

  it("reports PREFECT_API_URL when set", () => {
    const settings = resolveSettings({ env: { PREFECT_HOME: home, PREFECT_API_URL: "http://127.0.0.1:4999/api" } });
    const client = getClient({ settings });
    expect(client).toBeInstanceOf(PrefectClient);
    expect(client.apiUrl).toBe("http://127.0.0.1:4999/api");
  });

  it("fails at the call on an invalid setting, naming it", () => {
    expect(() =>
      getClient({ settings: resolveSettings({ env: { PREFECT_HOME: home, PREFECT_API_URL: "not a url" } }) }),
    ).toThrow(ConfigError);
  });
});
