import type { Lang, MessageKey } from "./index";

/**
 * In the browser, the page's language only, loaded before the page hydrates
 * (app/entry.client.tsx): both languages were a quarter of what the week shipped
 * (docs/performance.md, "The phone"). Changing the language reloads the page (the switch in
 * the layout), which loads the other.
 */
export const catalogues: Partial<Record<Lang, Record<MessageKey, string>>> = {};

export async function loadCatalogue(lang: string): Promise<void> {
  if (lang === "en") catalogues.en = (await import("./en")).en;
  else catalogues.nb = (await import("./nb")).nb;
}
