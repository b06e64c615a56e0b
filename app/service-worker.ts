import { OUTBOX_ENDPOINT, type OutboxEntry, type OutboxNews, type OutboxReply, type OutboxRequest } from "./lib/outbox";

/**
 * The facilitator's phone without a connection (served as /sw.js, scope /tilrettelegger).
 *
 * - It keeps the attendance saves the page could not send (app/lib/outbox.ts) in IndexedDB
 *   and sends them when the connection is back: on a Background Sync event where the browser
 *   has it, and whenever a page asks (on every visit, and when the page sees it is online).
 * - It caches the app's files and the facilitator's own week pages, nothing else, so the week
 *   opens without a connection. Pages are asked from the network first.
 * - Signing out (R7) empties both, as the Clear-Site-Data header of /logg-ut does where the
 *   browser supports it.
 *
 * Built on its own (vite.config.ts), without libraries, to stay small on a phone.
 */

type ExtendableEvent = Event & { waitUntil(promise: Promise<unknown>): void };
type FetchEvent = ExtendableEvent & { request: Request; respondWith(response: Promise<Response>): void };
type SyncEvent = ExtendableEvent & { tag: string };
type MessageEvent = ExtendableEvent & { data: OutboxRequest; ports: readonly MessagePort[] };
type WindowClient = { postMessage(news: OutboxNews): void };
type WorkerScope = {
  registration: ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } };
  clients: {
    claim(): Promise<void>;
    matchAll(options: { type: "window"; includeUncontrolled: boolean }): Promise<WindowClient[]>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
  addEventListener(type: "sync", listener: (event: SyncEvent) => void): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
};

const worker = self as unknown as WorkerScope;
const SHELL_CACHE = "sammen-shell";
const WEEK_CACHE = "sammen-week";
const SYNC_TAG = "attendance";
// A sent save stays in the list for a day, so the facilitator sees that it went.
const SENT_KEPT_MS = 24 * 60 * 60 * 1000;

worker.addEventListener("install", (event) => event.waitUntil(worker.skipWaiting()));
worker.addEventListener("activate", (event) => event.waitUntil(worker.clients.claim()));

worker.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== location.origin) return;
  if (request.method === "POST" && url.pathname.startsWith("/logg-ut")) {
    event.waitUntil(forgetEverything());
  } else if (request.method === "GET" && url.pathname.startsWith("/assets/")) {
    event.respondWith(fromCacheFirst(request));
  } else if (request.method === "GET" && isWeekPage(url)) {
    event.respondWith(fromNetworkFirst(request));
  }
});

worker.addEventListener("sync", (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(flush(true));
});

worker.addEventListener("message", (event) => {
  const reply = (done: boolean) => event.ports[0]?.postMessage(done);
  event.waitUntil(
    handle(event.data).then(
      () => reply(true),
      () => reply(false),
    ),
  );
});

async function handle(request: OutboxRequest): Promise<void> {
  switch (request.type) {
    case "queue":
      await write((store) => store.put(request.entry));
      await announce();
      await worker.registration.sync?.register(SYNC_TAG).catch(() => undefined);
      void flush(false);
      return;
    case "flush":
      return flush(false);
    case "list":
      return announce();
    case "dismiss":
      await write((store) => store.delete(request.key));
      return announce();
    case "shell":
      return cacheShell(request.urls);
  }
}

// The week (/tilrettelegger, any ?uke=) and its data requests; not /tilrettelegger/roller.
function isWeekPage(url: URL) {
  return url.pathname === "/tilrettelegger" || url.pathname === "/tilrettelegger.data";
}

async function fromCacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(SHELL_CACHE)).put(request, response.clone());
  return response;
}

// A signed-out visitor is redirected to sign-in: only the week itself is kept.
async function fromNetworkFirst(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected && !response.headers.has("X-Remix-Redirect")) {
      await (await caches.open(WEEK_CACHE)).put(request, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request, { cacheName: WEEK_CACHE, ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
}

/** The page's own files, given by the page, replace the previous version's. */
async function cacheShell(urls: string[]) {
  const shell = await caches.open(SHELL_CACHE);
  const wanted = new Set(urls.map((url) => new URL(url, location.origin).href));
  for (const request of await shell.keys()) {
    if (!wanted.has(request.url)) await shell.delete(request);
  }
  const missing = [...wanted].filter((url) => url.includes("/assets/"));
  await Promise.all(missing.map(async (url) => (await shell.match(url)) ?? shell.add(url)));
  await (await caches.open(WEEK_CACHE)).add("/tilrettelegger");
}

async function forgetEverything() {
  await Promise.all((await caches.keys()).map((name) => caches.delete(name)));
  await write((store) => store.clear());
  await announce();
  await worker.registration.unregister();
}

let flushing: Promise<void> = Promise.resolve();

/**
 * Sends every save that waits, one at a time and in the order they were made. From a sync
 * event it fails while any is still waiting, so that the browser tries again later.
 */
function flush(fromSync: boolean): Promise<void> {
  flushing = flushing.then(async () => {
    let stillWaiting = false;
    for (const entry of await entries()) {
      if (entry.state === "sent" || entry.state === "refused") continue;
      const next = await send(entry);
      if (next.state === "waiting") stillWaiting = true;
      if (next !== entry) await write((store) => store.put(next));
    }
    await announce();
    if (fromSync && stillWaiting) throw new Error("Attendance still waiting for a connection");
  });
  const done = flushing;
  flushing = flushing.catch(() => undefined);
  return done;
}

async function send(entry: OutboxEntry): Promise<OutboxEntry> {
  let response: Response;
  try {
    response = await fetch(OUTBOX_ENDPOINT, {
      method: "POST",
      body: new URLSearchParams([...entry.fields, ["user_id", entry.userId]]),
      credentials: "same-origin",
      redirect: "manual",
    });
  } catch {
    return entry.state === "waiting" ? entry : { ...entry, state: "waiting" };
  }
  const reply = (await response.json().catch(() => null)) as OutboxReply | null;
  if (reply && "saved" in reply) return { ...entry, state: "sent", sentAt: new Date().toISOString() };
  if (reply && "refused" in reply) return { ...entry, state: "refused", reasons: reply.refused };
  if (reply && "signedOut" in reply) return { ...entry, state: "signedOut" };
  // The service is down or in trouble: try again later.
  return entry.state === "waiting" ? entry : { ...entry, state: "waiting" };
}

async function announce() {
  const news: OutboxNews = { type: "outbox", entries: await entries() };
  for (const client of await worker.clients.matchAll({ type: "window", includeUncontrolled: true })) {
    client.postMessage(news);
  }
}

/** The outbox, oldest first, without sent saves older than a day. */
async function entries(): Promise<OutboxEntry[]> {
  const all = await read((store) => store.getAll() as IDBRequest<OutboxEntry[]>);
  const expired = all.filter((entry) => entry.sentAt && Date.now() - Date.parse(entry.sentAt) > SENT_KEPT_MS);
  for (const entry of expired) await write((store) => store.delete(entry.key));
  return all.filter((entry) => !expired.includes(entry)).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

function database(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open("sammen-outbox", 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore("saves", { keyPath: "key" });
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
}

async function transaction<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction("saves", mode);
      const request = work(tx.objectStore("saves"));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

const read = <T>(work: (store: IDBObjectStore) => IDBRequest<T>) => transaction("readonly", work);
const write = <T>(work: (store: IDBObjectStore) => IDBRequest<T>) => transaction("readwrite", work);
