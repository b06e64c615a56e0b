import type { GeneratedApi } from "../api/functions.generated";
import { renderMail, type Locale } from "./templates";

/**
 * Delivers the outbox (app.outbox): takes a batch through `api.take_outbox` with the
 * service role, renders each message and hands it to the transport, then reports the result
 * through `api.report_outbox`. A failed message keeps its error and is retried by later runs,
 * further apart each time, until it goes (api.take_outbox / api.report_outbox).
 */
export type Transport = (mail: {
  recipient: string;
  subject: string;
  text: string;
  unsubscribe?: string;
}) => Promise<void>;

// This client is not typed by ApiFunctions, so its calls name their generated arguments here.
type Args<F extends keyof GeneratedApi> = GeneratedApi[F]["args"];
type Queued = { id: number; recipient: string; template: string; locale: Locale; payload: Record<string, unknown> };

// Only `rpc` is needed, so a client of any schema will do (the service client defaults to `api`).
type RpcClient = {
  rpc: (fn: string, args: Record<string, unknown>) => PromiseLike<{ data: unknown; error: { message: string } | null }>;
};

export async function deliverOutbox(service: RpcClient, transport: Transport, site: string): Promise<number> {
  const { data, error } = await service.rpc("take_outbox", { batch_size: 20 } satisfies Args<"take_outbox">);
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
    await service.rpc("report_outbox", { message_id: message.id, error: failure } satisfies Args<"report_outbox">);
  }
  return batch.length;
}
