import { en } from "./en";
import type { Lang, MessageKey } from "./index";
import { nb } from "./nb";

/**
 * Every language's messages, for the server, the tests and the scripts. The browser build
 * reads catalogues.browser.ts instead (vite.config.ts), so that a page ships only its language.
 */
export const catalogues: Partial<Record<Lang, Record<MessageKey, string>>> = { nb, en };

/** On the server every language is there already. */
export async function loadCatalogue(_lang: string): Promise<void> {}
