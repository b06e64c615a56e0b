import type { LoaderFunctionArgs } from "@remix-run/node";
import { agreementArchiveZip, archiveFileName, orBackWithRefusal, zipResponse } from "~/lib/archive-package.server";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { idParam } from "~/lib/params";

/**
 * The signed agreement's archive package for the municipality's archive: the PDF and its
 * arkivmelding in one ZIP. An agreement not yet signed by both goes back to its page, which says so.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const agreementId = idParam(params.agreementId);
  const agreement = await orBackWithRefusal(
    loadApi(supabase, "agreement_archive", { agreement_id: agreementId }),
    new URL(`/avtaler/${agreementId}`, request.url),
    headers,
  );
  const zip = await agreementArchiveZip(supabase, agreement);
  return zipResponse(zip, archiveFileName(`samarbeidsavtale-${agreement.organisation.name}`), headers);
}
