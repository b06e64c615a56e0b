import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadApi } from "~/lib/api.server";
import { calendarResponse } from "~/lib/calendar-feed.server";
import { env } from "~/lib/env.server";
import { attempt, clientAddress, limits } from "~/lib/rate-limit.server";
import { createSupabase } from "~/lib/supabase.server";

/**
 * A facilitator's calendar feed (webcal://…/kalender/<token>.ics): their sessions as iCalendar,
 * for calendar apps, without signing in. The token in the address is the key; an unknown one
 * is not found.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = (params.token ?? "").replace(/\.ics$/, "");
  const { refused } = await attempt([
    [limits.calendarFeedPerToken, token],
    [limits.calendarFeedPerClient, clientAddress(context)],
  ]);
  if (refused) throw new Response(null, refused.init);
  if (!/^[0-9a-f]{48}$/.test(token)) throw new Response(null, { status: 404 });
  const { supabase } = createSupabase(request);
  const feed = await loadApi(supabase, "calendar_feed", { token });
  if (!feed) throw new Response(null, { status: 404 });
  return calendarResponse(feed, request, new URL(env.SITE_URL).hostname);
}
