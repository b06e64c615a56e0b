import type { SupabaseClient } from "@supabase/supabase-js";
import { renderMail, type Locale } from "./templates";

/**
 * Delivers the outbox (app.outbox): takes a batch through `api.take_outbox` with the
 * service role, renders each message and hands it to the transport, then reports the result
 * through `api.report_outbox`. A failed message keeps its error and is retried by later runs,
 * further apart each time, until it goes (api.take_outbox / api.report_outbox).
 */
export type Transport = (mail: { recipient: string; subject: string; text: string }) => Promise<void>;

type Queued = { id: number; recipient: string; template: string; locale: Locale; payload: Record<string, unknown> };

// Any schema: the service client may default to `api`, where the outbox functions are.
export async function deliverOutbox(
  service: SupabaseClient<any, any, any>,
  transport: Transport,
  site: string,
): Promise<number> {
  const { data, error } = await service.rpc("take_outbox", { batch_size: 20 });
  if (error) throw new Error(`take_outbox: ${error.message}`);
  const batch = (data ?? []) as Queued[];
  for (const message of batch) {
    let failure: string | null = null;
    try {
      const mail = renderMail(message.template, message.locale, message.payload, site);
      await transport({ recipient: message.recipient, ...mail });
    } catch (reason) {
      failure = reason instanceof Error ? reason.message : String(reason);
    }
    await service.rpc("report_outbox", { message_id: message.id, error: failure });
  }
  return batch.length;
}
