import { en } from "./en";
import { nb } from "./nb";

/** Bokmål first (the default), English second. */
export const languages = ["nb", "en"] as const;
export type Lang = (typeof languages)[number];
export const defaultLang: Lang = "nb";

/** Each language's own name, shown in the switch in that language. */
export const languageNames: Record<Lang, string> = { nb: "Norsk (bokmål)", en: "English" };

export type MessageKey = keyof typeof nb;
export type Params = Record<string, string | number>;
/** A message to show later, e.g. a form error: a key and its parameters. */
export type Message = { key: MessageKey; params?: Params };

const catalogues: Record<Lang, Record<MessageKey, string>> = { nb, en };

export function isLang(value: unknown): value is Lang {
  return languages.includes(value as Lang);
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.hasOwn(nb, value);
}

export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  return catalogues[lang][key].replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in params ? String(params[name]) : placeholder,
  );
}
