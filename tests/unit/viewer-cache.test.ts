import { describe, expect, test } from "vitest";
import { forgetViewerOnWrite, rememberedViewer, rememberViewer, sessionKey } from "../../app/lib/viewer-cache.server";
import type { Viewer } from "../../app/lib/viewer";

const viewer = (email: string): Viewer => ({
  user: { id: email, email, display_name: null },
  staff: [],
  organisations: [],
});
const request = (cookie: string, method = "GET") =>
  new Request("http://localhost:3000/", { method, headers: { Cookie: cookie } });

describe("the layout's remembered viewer", () => {
  test("is keyed by the session cookie's chunks and ignores other cookies", () => {
    const a = sessionKey(request("lang=nb; sammen-auth.1=tail; sammen-auth.0=head"));
    expect(a).toBe(sessionKey(request("sammen-auth.0=head; sammen-auth.1=tail; lang=en")));
    expect(a).not.toBe(sessionKey(request("sammen-auth.0=head; sammen-auth.1=other")));
    expect(sessionKey(request("__Host-sammen-auth=token"))).toBe("token");
    expect(sessionKey(request("lang=nb; sammen-authx=token"))).toBeUndefined();
  });

  test("is forgotten after its time, and never served to another session", () => {
    rememberViewer("session-a", viewer("a@example.no"), 1_000);
    expect(rememberedViewer("session-a", 1_000 + 14_999)?.user.email).toBe("a@example.no");
    expect(rememberedViewer("session-b", 1_001)).toBeUndefined();
    expect(rememberedViewer("session-a", 1_000 + 15_000)).toBeUndefined();
  });

  test("is forgotten when the session posts a form, so its own changes show on the next page", () => {
    const cookie = "sammen-auth=posting-session";
    rememberViewer("posting-session", viewer("p@example.no"));
    forgetViewerOnWrite(request(cookie, "GET"));
    expect(rememberedViewer("posting-session")).toBeDefined();
    forgetViewerOnWrite(request(cookie, "POST"));
    expect(rememberedViewer("posting-session")).toBeUndefined();
  });

  test("keeps at most ten thousand sessions, dropping the oldest", () => {
    rememberViewer("oldest", viewer("o@example.no"));
    for (let i = 0; i < 10_000; i++) rememberViewer(`filler-${i}`, viewer("f@example.no"));
    expect(rememberedViewer("oldest")).toBeUndefined();
    expect(rememberedViewer("filler-9999")).toBeDefined();
  });
});
