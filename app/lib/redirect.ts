/**
 * A path on this site to go on to after sign-in or an e-mail link. Anything else – another
 * host, "//evil.example", a backslash trick – becomes the fallback, so our links cannot be
 * used to send people to someone else's site.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.includes("\\")) return fallback;
  return to;
}

/**
 * Where an e-mail link leads on to: a path on this site, or a full address on it (hosted
 * Supabase writes the sign-up's redirect as a full URL into `next`); anything else goes to
 * the fallback, as in safeRedirect.
 */
export function linkRedirect(next: string | undefined, siteUrl: string, fallback = "/"): string {
  if (next && /^https?:\/\//.test(next)) {
    try {
      const target = new URL(next);
      if (target.origin === new URL(siteUrl).origin)
        return safeRedirect(`${target.pathname}${target.search}`, fallback);
    } catch {
      return fallback;
    }
    return fallback;
  }
  return safeRedirect(next, fallback);
}
