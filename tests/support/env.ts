import { ANON_KEY, SERVICE_ROLE_KEY, API_PORT, DB_PORT } from "../../supabase/local/config";

/** Where the test stack started by global-stack.ts listens. */
export const SUPABASE_URL = `http://127.0.0.1:${API_PORT}`;
/** The stack's stand-in for Brønnøysundregistrene (supabase/local/brreg.ts). */
export const BRREG_URL = `${SUPABASE_URL}/brreg`;
export const DATABASE_URL = process.env.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${DB_PORT}/postgres`;
export { ANON_KEY, SERVICE_ROLE_KEY };
