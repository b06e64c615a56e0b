import { createClient } from "@supabase/supabase-js";
import { env } from "./env.server";
import { supabaseFetch } from "./supabase-fetch.server";

/**
 * The server's own client, as the service role: for what no person does themselves and no
 * browser may reach (counting attempts for the rate limits). Pages and actions act as the
 * signed-in person through createSupabase instead.
 */
if (!env.SUPABASE_SERVICE_ROLE_KEY) {
  // The rate limits need it, and the app does not start without them.
  throw new Error("Invalid environment: SUPABASE_SERVICE_ROLE_KEY is missing (the rate limits count attempts with it)");
}

export const serviceClient = createClient(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, {
  db: { schema: "api" },
  auth: { persistSession: false, autoRefreshToken: false },
  global: { fetch: supabaseFetch },
});
