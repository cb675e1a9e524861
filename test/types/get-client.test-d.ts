// The root entry's getClient() is typed as the real PrefectClient, sync members sync; serve() takes it and, when it
// is the embedded one, a handle of the embedded server (never a member of the client).
import { describe, expectTypeOf, it } from "vitest";
import { getClient, openEmbeddedServer, serve, type EmbeddedServerHandle, type PrefectClient } from "prefect-ts";
import type { EventSubscription, PrefectClient as ClientEntryPrefectClient } from "prefect-ts/client";

describe("getClient() types", () => {
  it("returns the PrefectClient of prefect-ts/client", () => {
    expectTypeOf(getClient()).toEqualTypeOf<PrefectClient>();
    expectTypeOf(getClient()).toEqualTypeOf<ClientEntryPrefectClient>();
    expectTypeOf(getClient().apiUrl).toEqualTypeOf<string>();
  });

  it("keeps sync members sync and async members async", () => {
    const client = getClient();
    expectTypeOf(client.subscribeEvents).returns.toEqualTypeOf<EventSubscription>();
    expectTypeOf(client.subscribeEvents({}, () => undefined).close).returns.toEqualTypeOf<void>();
    expectTypeOf(client.readFlowRuns).returns.resolves.toBeArray();
  });

  it("has no embedded host: the embedded server is a handle of its own", () => {
    // @ts-expect-error the client carries no embedded server
    void getClient().embeddedHost;
    expectTypeOf(openEmbeddedServer()).toEqualTypeOf<EmbeddedServerHandle | undefined>();
    expectTypeOf(serve).parameter(0).toMatchTypeOf<object>();
  });
});
