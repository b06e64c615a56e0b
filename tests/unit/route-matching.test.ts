import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";

/**
 * The server's React Router is patched (patches/@remix-run+router+*.patch) to flatten and rank
 * the route tree once per shape and to remember which branch a pathname matched. It must
 * answer exactly as the unpatched router does; the browser's copy (the ES module build) is
 * left as it is, so it is the reference.
 */
type Route = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: Route[] };
type Match = { params: Record<string, string | undefined>; pathname: string; pathnameBase: string; route: Route };
type MatchRoutes = (routes: Route[], location: string, basename?: string) => Match[] | null;

const require = createRequire(import.meta.url);
const patched = (require("@remix-run/router") as { matchRoutes: MatchRoutes }).matchRoutes;
const reference = ((await import("@remix-run/router/dist/router.js")) as unknown as { matchRoutes: MatchRoutes })
  .matchRoutes;

/** Like the app's: a pathless root, index routes, parameters, optional segments, a splat. */
const tree = (): Route[] => [
  {
    id: "root",
    path: "",
    children: [
      { id: "home", index: true },
      { id: "catalogue", path: "aktiviteter", children: [{ id: "catalogue-index", index: true }] },
      { id: "activity", path: "aktiviteter/:id" },
      {
        id: "municipality",
        path: "kommune/:municipalityId",
        children: [
          { id: "work-list", index: true },
          { id: "claims", path: "refusjoner" },
          { id: "claim", path: "refusjoner/:claimId" },
        ],
      },
      { id: "language", path: ":lang?/om" },
      { id: "Case", path: "Sak", caseSensitive: true },
      { id: "not-found", path: "*" },
    ],
  },
];

const pathnames = [
  "/",
  "/aktiviteter",
  "/aktiviteter/",
  "/aktiviteter/123",
  "/aktiviteter/123/mer",
  "/kommune/4601",
  "/kommune/4601/refusjoner",
  "/kommune/4601/refusjoner/9",
  "/kommune",
  "/om",
  "/en/om",
  "/Sak",
  "/sak",
  "/finnes%20ikke",
  "/%E2%9C%93",
];

/** What a caller sees: route ids instead of objects, and which tree each route came from. */
const shown = (matches: Match[] | null, from: Route[]) =>
  matches?.map(({ route, ...match }) => ({ ...match, route: route.id, inTree: inTree(route, from) })) ?? null;
const inTree = (route: Route, routes: Route[]): boolean =>
  routes.some((r) => r === route || inTree(route, r.children ?? []));

describe("route matching on the server", () => {
  test("answers as the unpatched router, for every new tree of the same shape and again from memory", () => {
    for (let round = 0; round < 3; round++) {
      const routes = tree();
      for (const pathname of pathnames) {
        const expected = shown(reference(routes, pathname), routes);
        expect(shown(patched(routes, pathname), routes), pathname).toEqual(expected);
        expect(shown(patched(routes, pathname, "/kommune"), routes), `${pathname} under /kommune`).toEqual(
          shown(reference(routes, pathname, "/kommune"), routes),
        );
      }
    }
  });

  test("a tree of another shape (a route added in place) gets its own answer", () => {
    const routes = tree();
    expect(patched(routes, "/ny")?.at(-1)?.route.id).toBe("not-found");
    routes[0]!.children!.push({ id: "new", path: "ny" });
    expect(patched(routes, "/ny")?.at(-1)?.route.id).toBe("new");
    expect(shown(patched(routes, "/ny"), routes)).toEqual(shown(reference(routes, "/ny"), routes));
  });
});
