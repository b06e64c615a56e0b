import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { osloToday } from "~/lib/format";
import { translate } from "~/lib/i18n";
import { getLang } from "~/lib/i18n/lang.server";
import { idParam, yearParam } from "~/lib/params";
import { yearlyReportPdf } from "~/lib/report-pdf.server";

/** The yearly report as a PDF download (resource route beside the report page). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const today = osloToday();
  const year = yearParam(request, today);
  const [lang, report] = await Promise.all([
    getLang(request),
    loadApi(supabase, "yearly_report", { municipality_id: municipalityId, year }),
  ]);
  const pdf = await yearlyReportPdf(report, today, lang);
  headers.set("Content-Type", "application/pdf");
  headers.set("Content-Disposition", `attachment; filename="${translate(lang, "report.fileName", { year })}"`);
  headers.set("Cache-Control", "private, no-store");
  return new Response(Buffer.from(pdf), { headers });
}
