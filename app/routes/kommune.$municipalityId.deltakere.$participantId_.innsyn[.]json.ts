import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { idParam } from "~/lib/params";

/** The access-request export as a JSON download: everything held about one participant. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const participantId = idParam(params.participantId);
  const held = await loadApi(supabase, "participant_export", { participant_id: participantId });
  if (held.participant.municipality_id !== idParam(params.municipalityId)) throw new Response(null, { status: 404 });
  headers.set("Content-Type", "application/json; charset=utf-8");
  headers.set("Content-Disposition", `attachment; filename="innsyn-${participantId}.json"`);
  // Personal data: not to be kept by any cache on the way.
  headers.set("Cache-Control", "private, no-store");
  return new Response(JSON.stringify(held, null, 2), { headers });
}
