import { createContext, useContext, type ReactNode } from "react";
import { defaultLang, translate, type Lang, type MessageKey, type Params } from "./index";

const LangContext = createContext<Lang>(defaultLang);

export function LangProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return <LangContext.Provider value={lang}>{children}</LangContext.Provider>;
}

/** The chosen language and a `t` that looks messages up in it. */
export function useT() {
  const lang = useContext(LangContext);
  return { lang, t: (key: MessageKey, params?: Params) => translate(lang, key, params) };
}
