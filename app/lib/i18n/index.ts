import { catalogues } from "./catalogues";
import type { nb } from "./nb";

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

export function isLang(value: unknown): value is Lang {
  return languages.includes(value as Lang);
}

export function isMessageKey(value: unknown): value is MessageKey {
  // Every language has every key (en.ts is typed so); the browser holds only the page's.
  return typeof value === "string" && Object.values(catalogues).some((messages) => Object.hasOwn(messages, value));
}

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const message = catalogues[lang]![key];
  // Most messages have no placeholder: they are returned as they are, without a search.
  if (!params || !message.includes("{")) return message;
  return message.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in params ? String(params[name]) : placeholder,
  );
}

/**
 * The messages that come in plural forms, named without the form: the catalogue holds
 * `<base>.one` and `<base>.other` (and any other form a language's rules name).
 */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}.other` ? (`${Base}.one` extends MessageKey ? Base : never) : never;
}[MessageKey];

const pluralRules: Record<Lang, Intl.PluralRules> = { nb: new Intl.PluralRules("nb"), en: new Intl.PluralRules("en") };
const countFormats: Record<Lang, Intl.NumberFormat> = {
  nb: new Intl.NumberFormat("nb-NO"),
  en: new Intl.NumberFormat("en-GB"),
};

/**
 * A message about `count` things in the form the language's plural rules choose: "1 claim",
 * "2 claims", "1 godkjent krav", "2 godkjente krav". `{count}` is the number, grouped as the
 * language groups thousands.
 */
export function plural(lang: Lang, base: PluralKey, count: number, params: Params = {}): string {
  const form = `${base}.${pluralRules[lang].select(count)}`;
  const key = isMessageKey(form) ? form : (`${base}.other` as MessageKey);
  return translate(lang, key, { ...params, count: countFormats[lang].format(count) });
}
