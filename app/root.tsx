import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { errorPage, GeneralErrorBoundary } from "./components/error-boundary";
import { PageLayout } from "./components/layout";
import { getViewer } from "./lib/auth.server";
import { changedNothing } from "./lib/forms";
import { defaultLang } from "./lib/i18n";
import { getLang } from "./lib/i18n/lang.server";
import { LangProvider } from "./lib/i18n/react";
import { useNonce } from "./lib/nonce";
import { pageTitle } from "./lib/meta";
import styles from "./app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// A page whose loader failed is shown by the root boundary, with only the root's meta: the
// title says what went wrong, as the page does.
export const meta: MetaFunction = ({ error, matches }) => (error ? pageTitle(matches, errorPage(error).title) : []);

/** The layout's one RPC: who is signed in and what they may reach. */
export async function loader({ request }: LoaderFunctionArgs) {
  const [lang, { viewer, headers }] = await Promise.all([getLang(request), getViewer(request)]);
  return data({ lang, viewer }, { headers });
}

// Who you are and the language change only through a form (sign-in, sign-out, language),
// so plain navigation does not ask the database again, nor does a form that changed nothing.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, actionResult, defaultShouldRevalidate }) =>
  formMethod && !changedNothing(actionResult) ? defaultShouldRevalidate : false;

export function Layout({ children }: { children: ReactNode }) {
  // Missing when the root loader itself failed: the error page still renders, in bokmål.
  const root = useRouteLoaderData<typeof loader>("root");
  const lang = root?.lang ?? defaultLang;
  const nonce = useNonce();
  return (
    <html lang={lang} data-color-scheme="light">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col">
        <LangProvider lang={lang}>
          <PageLayout viewer={root?.viewer ?? null}>{children}</PageLayout>
        </LangProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export const ErrorBoundary = GeneralErrorBoundary;
