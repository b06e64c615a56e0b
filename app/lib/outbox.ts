import type { Message } from "./i18n";

/**
 * The phone's outbox of attendance saves made without a connection. The service worker
 * (app/service-worker.ts) keeps it in IndexedDB and sends it to /tilrettelegger/lagre when
 * the connection is back (Background Sync where the browser has it, else on the next visit or
 * when the page sees it is online again). The page hands saves over and shows the outbox; it
 * never touches IndexedDB itself, so the queue has one owner.
 */

export type OutboxState = "waiting" | "signedOut" | "sent" | "refused";

export type OutboxEntry = {
  /** The save's idempotency key (api.save_attendance): a save sent twice is applied once. */
  key: string;
  /** Whose save it is: sent only while the same person is signed in, shown only to them. */
  userId: string;
  sessionId: string;
  /** The session as the page showed it ("tirsdag 3. desember, 17:00–19:00, Klatring"). */
  label: string;
  /** The session form's fields, posted as they were. */
  fields: [string, string][];
  queuedAt: string;
  state: OutboxState;
  sentAt?: string;
  /** Why the server refused it (R4 window passed, placement ended …), in catalogue keys. */
  reasons?: Message[];
};

/** What the page asks of the service worker. */
export type OutboxRequest =
  | { type: "queue"; entry: OutboxEntry }
  | { type: "flush" }
  | { type: "list" }
  | { type: "dismiss"; key: string }
  | { type: "shell"; urls: string[] };

/** What the service worker tells its pages whenever the outbox changes. */
export type OutboxNews = { type: "outbox"; entries: OutboxEntry[] };

/** What /tilrettelegger/lagre answers the service worker. */
export type OutboxReply = { saved: number } | { refused: Message[] } | { signedOut: true };

export const SERVICE_WORKER_URL = "/sw.js";
export const SERVICE_WORKER_SCOPE = "/tilrettelegger";
export const OUTBOX_ENDPOINT = "/tilrettelegger/lagre";

/** A random version-4 UUID; crypto.randomUUID needs a secure context, which a phone on plain HTTP in a test lab is not. */
export function newSaveKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function worker(): Promise<ServiceWorker | null> {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return null;
  const registration = await navigator.serviceWorker.getRegistration(SERVICE_WORKER_SCOPE);
  return registration?.active ?? null;
}

/**
 * Hands a request to the service worker and waits until it says it is done (for a save: kept
 * in IndexedDB). False when there is no service worker, or it did not answer in time: the
 * page must then say that nothing was kept.
 */
export async function tellOutbox(request: OutboxRequest, timeoutMs = 5000): Promise<boolean> {
  const active = await worker();
  if (!active) return false;
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(false), timeoutMs);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data === true);
    };
    active.postMessage(request, [channel.port2]);
  });
}

/**
 * Hands a session form that could not be sent to the service worker, to send when the
 * connection is back. False when nothing was kept (no service worker, storage refused).
 */
export function keepSaveOnPhone(formData: FormData): Promise<boolean> {
  const field = (name: string) => String(formData.get(name) ?? "");
  const entry: OutboxEntry = {
    key: field("save_key"),
    userId: field("user_id"),
    sessionId: field("session_id"),
    label: field("session_label"),
    fields: [...formData.entries()].filter((pair): pair is [string, string] => typeof pair[1] === "string"),
    queuedAt: new Date().toISOString(),
    state: "waiting",
  };
  return tellOutbox({ type: "queue", entry });
}
