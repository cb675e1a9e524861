// The browser's WebSocket standing in for the `ws` package, so the client bundles without Node built-ins.
export default globalThis.WebSocket;
