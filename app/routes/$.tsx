import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/lib/meta";

/** Any address no other route matches: a real 404 response, rendered by the error boundary. */
export function loader() {
  throw new Response("Not Found", { status: 404 });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notFound.title");

export default function NotFound() {
  return null;
}

export const ErrorBoundary = GeneralErrorBoundary;
