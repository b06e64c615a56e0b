import { useRouteLoaderData } from "@remix-run/react";
import type { loader } from "~/root";
import type { Viewer } from "./viewer";

/** The signed-in person from the root loader, or null for a visitor. */
export function useViewer(): Viewer | null {
  return useRouteLoaderData<typeof loader>("root")?.viewer ?? null;
}
