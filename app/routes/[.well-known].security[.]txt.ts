import { env } from "~/lib/env.server";
import { securityTxt } from "~/lib/security-txt";

export const loader = () =>
  new Response(securityTxt({ contact: env.SECURITY_CONTACT, siteUrl: env.SITE_URL, now: new Date() }), {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
