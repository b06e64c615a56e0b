import "@remix-run/node";

declare module "@remix-run/node" {
  // Loaders return plain data (single fetch), and useLoaderData is typed accordingly.
  interface Future {
    v3_singleFetch: true;
  }
  /** What the server (server/app.js) gives every loader and action. */
  interface AppLoadContext {
    /** The client's address: the socket's, or as the trusted proxies say (TRUSTED_PROXY_HOPS). */
    clientAddress: string;
  }
}
