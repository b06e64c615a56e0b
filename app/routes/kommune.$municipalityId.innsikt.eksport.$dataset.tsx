import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { toCsv } from "~/lib/csv";
import {
  attendanceColumns,
  claimColumns,
  exportDatasets,
  organisationColumns,
  placementColumns,
  type ExportDataset,
} from "~/lib/exports";
import type { Supabase } from "~/lib/supabase.server";
import { idParam, yearParam } from "~/lib/params";

/** A CSV download of one of the municipality's data sets for a year (resource route). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const dataset = z.enum(exportDatasets.map((entry) => entry.path)).safeParse(params.dataset);
  if (!dataset.success) throw new Response(null, { status: 404 });
  const year = yearParam(request);
  const csv = await exportCsv(supabase, dataset.data, municipalityId, year);
  headers.set("Content-Type", "text/csv; charset=utf-8");
  headers.set("Content-Disposition", `attachment; filename="${dataset.data}-${year}.csv"`);
  headers.set("Cache-Control", "private, no-store");
  return new Response(csv, { headers });
}

async function exportCsv(supabase: Supabase, dataset: ExportDataset, municipality_id: string, year: number) {
  switch (dataset) {
    case "tiltak":
      return toCsv(placementColumns, await loadApi(supabase, "export_placements", { municipality_id, year }));
    case "refusjoner":
      return toCsv(claimColumns, await loadApi(supabase, "export_claims", { municipality_id, year }));
    case "organisasjoner":
      return toCsv(organisationColumns, await loadApi(supabase, "export_organisations", { municipality_id }));
    case "oppmote":
      return toCsv(attendanceColumns, await loadApi(supabase, "export_attendance", { municipality_id, year }));
  }
}
