import { isProduction } from "./env.server";

/**
 * Every cookie of ours: httpOnly (no script reads it), SameSite=Lax (not sent with another
 * site's form posts), and in production Secure with the __Host- prefix, which makes the
 * browser take it only over HTTPS, for this exact host and path "/", so a sibling subdomain
 * cannot plant or overwrite it. Development runs over plain http, where browsers refuse
 * __Host- cookies, so the prefix is for production only.
 */
export const cookieName = (name: string) => (isProduction ? `__Host-${name}` : name);

export const cookieAttributes = { path: "/", sameSite: "lax", httpOnly: true, secure: isProduction } as const;
