import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { SERVICE_WORKER_SCOPE, SERVICE_WORKER_URL, tellOutbox, type OutboxEntry, type OutboxNews } from "./outbox";

/**
 * The week page's side of the phone's outbox: it installs the service worker, gives it the
 * page's own files to keep, asks it to send what waits (on every visit, and when the browser
 * says it is online again, for browsers without Background Sync), and follows what it says.
 * Only the signed-in person's saves are shown. When a save that waited has gone, the week is
 * read again, so the marks on the page are the saved ones.
 */
export function useOutbox(userId: string) {
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const waiting = useRef(new Set<string>());
  const { revalidate } = useRevalidator();

  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    const container = navigator.serviceWorker;
    const onNews = (event: MessageEvent) => {
      const news = event.data as OutboxNews | null;
      if (news?.type !== "outbox") return;
      const mine = news.entries.filter((entry) => entry.userId === userId);
      const arrived = mine.some((entry) => entry.state === "sent" && waiting.current.has(entry.key));
      waiting.current = new Set(mine.filter((entry) => entry.state !== "sent").map((entry) => entry.key));
      setEntries(mine);
      if (arrived) revalidate();
    };
    const flush = () => void tellOutbox({ type: "flush" });
    container.addEventListener("message", onNews);
    container.startMessages();
    window.addEventListener("online", flush);
    container
      .register(SERVICE_WORKER_URL, { scope: SERVICE_WORKER_SCOPE })
      .then(() => container.ready)
      .then(async () => {
        await tellOutbox({ type: "shell", urls: pageFiles() });
        flush();
      })
      .catch(() => undefined);
    return () => {
      container.removeEventListener("message", onNews);
      window.removeEventListener("online", flush);
    };
  }, [userId, revalidate]);

  const sendNow = useCallback(() => void tellOutbox({ type: "flush" }), []);
  const dismiss = useCallback((key: string) => void tellOutbox({ type: "dismiss", key }), []);
  return { entries, sendNow, dismiss };
}

/** The app's files this page loaded (scripts, styles, fonts), for the page to open offline. */
function pageFiles(): string[] {
  const loaded = performance.getEntriesByType("resource").map((entry) => entry.name);
  const linked = Array.from(document.querySelectorAll<HTMLLinkElement>("link[href]"), (link) => link.href);
  return [...new Set([...loaded, ...linked])].filter((url) => new URL(url).pathname.startsWith("/assets/"));
}
