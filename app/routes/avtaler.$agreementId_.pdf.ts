import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { agreementPdfUrl } from "~/lib/agreement-pdf.server";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { idParam } from "~/lib/params";

/**
 * The signed agreement's PDF, stored when it became active (or now, if that failed), served
 * from the private bucket through a signed link that lasts a minute (DESIGN.md §4, files).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const agreement = await loadApi(supabase, "agreement_page", { agreement_id: idParam(params.agreementId) });
  if (!agreement.can.download) throw new Response(null, { status: 404, headers });
  throw redirect(await agreementPdfUrl(supabase, agreement), { headers });
}
