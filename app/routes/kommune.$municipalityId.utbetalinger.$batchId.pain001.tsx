import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { formatPattern } from "~/lib/format";
import { bankFileProblems, pain001 } from "~/lib/pain001";
import { idParam } from "~/lib/params";

/**
 * A payment batch as the bank's file, ISO 20022 pain.001.001.03 (see pain001). A batch that
 * cannot be one yet (no payer account, a club without an account) goes back to the payments
 * page, which says what is missing.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const file = await loadApi(supabase, "payment_batch", { batch_id: idParam(params.batchId) });
  const { batch } = file;
  if (batch.municipality_id !== municipalityId) throw new Response("Not Found", { status: 404, headers });
  if (bankFileProblems(file).length > 0) {
    throw redirect(`/kommune/${municipalityId}/utbetalinger?bankfil=${batch.id}`, { headers });
  }
  headers.set("Content-Type", "application/xml; charset=utf-8");
  headers.set(
    "Content-Disposition",
    `attachment; filename="betaling-${formatPattern(batch.created_at, "yyyy-MM-dd-HHmm")}.xml"`,
  );
  headers.set("Cache-Control", "private, no-store");
  return new Response(pain001(file, new Date()), { headers });
}
