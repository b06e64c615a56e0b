/**
 * A path on this site to go on to after sign-in or an e-mail link. Anything else – another
 * host, "//evil.example", a backslash trick – becomes the fallback, so our links cannot be
 * used to send people to someone else's site.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.includes("\\")) return fallback;
  return to;
}
