import { z } from "zod";

/**
 * The server's settings, read from process.env once at start-up. A missing or malformed
 * value stops the server with a message naming it, instead of failing on the first request.
 * Nothing else reads process.env.
 */
const schema = z.object({
  SUPABASE_URL: z.url(),
  SUPABASE_ANON_KEY: z.string().min(1),
  // The server's own work needs it (app/lib/service.server.ts); pages act as the signed-in user.
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(1).optional(),
  SITE_URL: z.url().default("http://localhost:3000"),
  // Where the outbox's e-mails go: smtp://user:password@host:587 (STARTTLS when offered) or
  // smtps://…:465. Locally the stack's SMTP server, which files them in its mailbox.
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  // The sender of those e-mails, e.g. "Sammen Kongsberg <ikke-svar@kongsberg.kommune.no>".
  MAIL_FROM: z.string().trim().min(3).optional(),
  // Brønnøysundregistrene's open data API (Enhetsregisteret), asked by the server only.
  BRREG_URL: z.url().default("https://data.brreg.no"),
  // Where to report a vulnerability (/.well-known/security.txt): a mailto: or https: address.
  SECURITY_CONTACT: z
    .string()
    .regex(/^(mailto:|https:\/\/)\S+$/, "a mailto: or https:// address")
    .optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

function parseEnv() {
  const result = schema.safeParse(process.env);
  if (!result.success) {
    throw new Error(`Invalid environment:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

export const env = parseEnv();
export const isProduction = env.NODE_ENV === "production";
