import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { paymentCsv } from "~/lib/claims";
import { formatPattern } from "~/lib/format";
import { idParam } from "~/lib/params";

/** An export batch's payment file, for the accounting clerk (see paymentCsv for the format). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  idParam(params.municipalityId);
  const file = await loadApi(supabase, "payment_batch", { batch_id: idParam(params.batchId) });
  const { batch } = file;
  if (batch.municipality_id !== params.municipalityId) throw new Response("Not Found", { status: 404, headers });
  headers.set("Content-Type", "text/csv; charset=utf-8");
  headers.set(
    "Content-Disposition",
    `attachment; filename="utbetaling-${formatPattern(batch.created_at, "yyyy-MM-dd-HHmm")}.csv"`,
  );
  headers.set("Cache-Control", "private, no-store");
  return new Response(paymentCsv(file), { headers });
}
