import { createCookie } from "@remix-run/node";
import { cookieAttributes, cookieName } from "../cookies.server";
import { defaultLang, isLang, type Lang } from "./index";

/** The chosen language, remembered for a year. Unsigned: a forged value can only pick the other language. */
export const langCookie = createCookie(cookieName("lang"), {
  ...cookieAttributes,
  maxAge: 60 * 60 * 24 * 365,
});

export async function getLang(request: Request): Promise<Lang> {
  const value: unknown = await langCookie.parse(request.headers.get("Cookie"));
  return isLang(value) ? value : defaultLang;
}
