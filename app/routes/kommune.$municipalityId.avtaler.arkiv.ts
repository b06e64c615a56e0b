import type { LoaderFunctionArgs } from "@remix-run/node";
import { archiveFileName, orBackWithRefusal, yearArchiveZip, zipResponse } from "~/lib/archive-package.server";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { idParam, yearParam } from "~/lib/params";

/**
 * The archive packages of every agreement the municipality signed in ?year=, one folder per
 * agreement in one ZIP. A year without any goes back to the agreements page, which says so.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const year = yearParam(request);
  const archive = await orBackWithRefusal(
    loadApi(supabase, "agreement_archive_year", { municipality_id: municipalityId, year }),
    new URL(`/kommune/${municipalityId}/avtaler?year=${year}`, request.url),
    headers,
  );
  const zip = await yearArchiveZip(supabase, archive);
  return zipResponse(zip, archiveFileName(`samarbeidsavtaler-${archive.municipality.name}-${year}`), headers);
}
