import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { createSupabase } from "~/lib/supabase.server";

/** Signing out changes state, so it is a POST (a link or a prefetch must not sign anyone out). */
export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = createSupabase(request);
  const { error } = await supabase.auth.signOut();
  // Auth could not revoke the session (already expired, or unreachable): still forget it here.
  if (error) await supabase.auth.signOut({ scope: "local" });
  // R7: what the facilitator's phone kept (the week's pages, attendance not yet sent, the
  // service worker) goes with the session. The service worker also clears itself on this post.
  headers.set("Clear-Site-Data", '"cache", "storage"');
  throw redirect("/", { headers });
}

export function loader() {
  throw redirect("/");
}
