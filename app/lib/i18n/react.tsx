import { createContext, useContext, type ReactNode } from "react";
import { formatDate, formatDateTime, type DateStyle } from "../format";
import { defaultLang, plural, translate, type Lang, type MessageKey, type Params, type PluralKey } from "./index";

const LangContext = createContext<Lang>(defaultLang);

export function LangProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return <LangContext.Provider value={lang}>{children}</LangContext.Provider>;
}

/**
 * The chosen language and what writes in it: `t` looks messages up, `p` picks a message's
 * plural form for a count, `date` and `dateTime` write dates.
 */
export function useT() {
  const lang = useContext(LangContext);
  return {
    lang,
    t: (key: MessageKey, params?: Params) => translate(lang, key, params),
    p: (key: PluralKey, count: number, params?: Params) => plural(lang, key, count, params),
    date: (value: string | Date, style?: DateStyle) => formatDate(value, style, lang),
    dateTime: (value: string | Date) => formatDateTime(value, lang),
  };
}
