import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { createSupabase } from "~/lib/supabase.server";

/** Signing out changes state, so it is a POST (a link or a prefetch must not sign anyone out). */
export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = createSupabase(request);
  const { error } = await supabase.auth.signOut();
  // Auth could not revoke the session (already expired, or unreachable): still forget it here.
  if (error) await supabase.auth.signOut({ scope: "local" });
  throw redirect("/", { headers });
}

export function loader() {
  throw redirect("/");
}
