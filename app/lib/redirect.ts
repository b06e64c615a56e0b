/**
 * A path on this site to go on to after sign-in or an e-mail link. Anything else becomes the
 * fallback, so our links cannot be used to send people to someone else's site.
 *
 * The check is made on the target as a browser reads it, and once more percent-decoded, as
 * a proxy or a second redirect may decode it: a browser drops TAB and newlines from a URL and
 * reads a backslash as a slash, so `/\t/evil.example`, `/\evil.example` and their encoded forms
 * (`/%09/…`, `/%5C/…`, `/%0a/…`) would all lead to `//evil.example`, another host.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string") return fallback;
  return [to, decodedOnce(to)].every(isLocalPath) ? to : fallback;
}

const BASE = "http://sammen.invalid";

function isLocalPath(path: string): boolean {
  // Control characters, backslashes and a second leading slash have no place in our paths.
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (!path.startsWith("/") || path.startsWith("//") || /[\u0000-\u001f\u007f\\]/.test(path)) return false;
  try {
    return new URL(path, BASE).origin === BASE;
  } catch {
    return false;
  }
}

function decodedOnce(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    // Broken percent-encoding is no path of ours either.
    return "//";
  }
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
