/**
 * /.well-known/security.txt (RFC 9116): where to report a vulnerability. The file is made from
 * the running configuration, so it is never stale; Expires is half a year ahead, as the RFC
 * asks for less than a year, from the start of today so that caches see one file a day.
 */
const EXPIRES_AFTER_DAYS = 180;

export function securityTxt({ contact, siteUrl, now }: { contact: string | undefined; siteUrl: string; now: Date }) {
  const site = new URL(siteUrl);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const expires = new Date(today + EXPIRES_AFTER_DAYS * 24 * 3600 * 1000);
  return [
    `Contact: ${contact ?? `mailto:security@${site.hostname}`}`,
    `Expires: ${expires.toISOString()}`,
    "Preferred-Languages: no, nb, en",
    `Canonical: ${new URL("/.well-known/security.txt", site).href}`,
    "",
  ].join("\n");
}
