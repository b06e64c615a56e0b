import path from "node:path";
import { fileURLToPath } from "node:url";
import { signJwt } from "./jwt";

/**
 * Fixed settings of the local stack. The JWT secret and keys are public on purpose: like
 * `supabase start`, the local stack is for development and tests only.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../..");
export const supabaseDir = path.resolve(here, "..");
export const dataDir = path.resolve(process.env.SAMMEN_DATA_DIR ?? path.join(repoRoot, ".sammen"));

/**
 * Whether a file is the stack's data (Postgres, the mailbox): it changes all the time, and
 * Vite's watcher must leave it alone wherever SAMMEN_DATA_DIR puts it (vite.config.ts). Any
 * `.sammen` folder counts too: the default, the tests' and the large seed's.
 */
export function isStackData(file: string): boolean {
  const absolute = path.resolve(file);
  return (
    absolute === dataDir || absolute.startsWith(`${dataDir}${path.sep}`) || /[\\/]\.sammen([\\/]|$)/.test(absolute)
  );
}

export const API_PORT = Number(process.env.SAMMEN_API_PORT ?? 54321);
export const DB_PORT = Number(process.env.SAMMEN_DB_PORT ?? 54322);
/** The stack's SMTP server, where Inbucket listens for `supabase start`. */
export const SMTP_PORT = Number(process.env.SAMMEN_SMTP_PORT ?? 54325);
/** The app's port (PORT, as `npm run dev` and remix-serve read it) and its address, which e-mail links lead to. */
export const APP_PORT = Number(process.env.PORT ?? 3000);
export const SITE_URL = process.env.SITE_URL ?? `http://localhost:${APP_PORT}`;

export const JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
export const AUTHENTICATOR_PASSWORD = "authenticator-local-password";

// Like the Supabase CLI's local keys: long-lived JWTs carrying only a role.
const tenYears = 10 * 365 * 24 * 3600;
const issuedAt = 1_700_000_000;
export const ANON_KEY = signJwt(
  { iss: "supabase-demo", role: "anon", iat: issuedAt, exp: issuedAt + tenYears },
  JWT_SECRET,
);
export const SERVICE_ROLE_KEY = signJwt(
  { iss: "supabase-demo", role: "service_role", iat: issuedAt, exp: issuedAt + tenYears },
  JWT_SECRET,
);

export const apiUrl = () => `http://127.0.0.1:${API_PORT}`;
export const smtpUrl = (port = SMTP_PORT) => `smtp://127.0.0.1:${port}`;
