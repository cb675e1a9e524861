// The API client and the server's UI settings for every page, through React context.
import { createContext, useContext, type ReactNode } from "react";
import type { PrefectClient } from "prefect-ts/client";
import type { UiSettings } from "./api";

interface Connection {
  client: PrefectClient;
  settings: UiSettings;
  /** Forget the tab's auth string and ask again (after a 401). */
  signOut: () => void;
}

const ConnectionContext = createContext<Connection | undefined>(undefined);

/** Provides the connection to the pages below. */
export function ConnectionProvider(props: Connection & { children: ReactNode }): ReactNode {
  const { children, ...connection } = props;
  return <ConnectionContext.Provider value={connection}>{children}</ConnectionContext.Provider>;
}

/** The connection of the page; only inside ConnectionProvider. */
export function useConnection(): Connection {
  const connection = useContext(ConnectionContext);
  if (!connection) throw new Error("useConnection() outside <ConnectionProvider>: render pages inside <App>.");
  return connection;
}

/** The API client of the page. */
export function useClient(): PrefectClient {
  return useConnection().client;
}
