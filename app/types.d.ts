import "@remix-run/node";

// Loaders return plain data (single fetch), and useLoaderData is typed accordingly.
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
