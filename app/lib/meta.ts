import type { MetaDescriptor } from "@remix-run/node";
import { defaultLang, isLang, translate, type MessageKey } from "./i18n";

type Match = { id: string; data: unknown };

/**
 * A page's <title> in the chosen language (from the root loader): "Logg inn – Sammen". A
 * page about one thing passes its name instead: "Klatregruppe – Sammen".
 */
export function pageTitle(matches: Match[], page: MessageKey | { name: string }): MetaDescriptor[] {
  const root = matches.find((match) => match.id === "root")?.data as { lang?: unknown } | undefined;
  const lang = isLang(root?.lang) ? root.lang : defaultLang;
  const name = typeof page === "string" ? translate(lang, page) : page.name;
  return [{ title: translate(lang, "meta.title", { page: name }) }];
}
