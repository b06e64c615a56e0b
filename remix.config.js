/**
 * Remix options, kept apart from vite.config.ts (DESIGN.md §4) so that they read as the
 * Remix configuration they are. The v3 flags opt in to what React Router 7 makes default.
 */
export default {
  ignoredRouteFiles: ["**/.*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
  },
};
