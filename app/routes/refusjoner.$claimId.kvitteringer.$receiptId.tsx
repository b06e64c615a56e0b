import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { idParam } from "~/lib/params";
import { signedReceiptUrl } from "~/lib/receipts.server";

/**
 * Opens one receipt: a signed link made when it is asked for, by whoever asks (the storage
 * policies decide), so that a link on a page left open has not expired and cannot outlive a minute.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const page = await loadApi(supabase, "claim_page", { claim_id: idParam(params.claimId) });
  const receipt = page.receipts.find((candidate) => candidate.id === params.receiptId);
  const url = receipt ? await signedReceiptUrl(supabase, receipt.object_path) : null;
  if (!url) throw new Response("Not Found", { status: 404, headers });
  headers.set("Cache-Control", "private, no-store");
  throw redirect(url, { headers });
}
