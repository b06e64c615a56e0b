import { describe, expect, test } from "vitest";
import { MAX_BODY_BYTES, proxyHops, refusalOf, refusalPage } from "../../server/guards.js";

/** What the server refuses before the app sees a request (server/guards.js). */
const SITE = "https://sammen.kommune.no";

function request(method: string, url = "/logg-inn", headers: Record<string, string> = {}) {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { method, url, host: "localhost:3000", header: (name: string) => lower[name] };
}
const refusal = (...args: Parameters<typeof request>) => refusalOf(request(...args), { siteUrl: SITE })?.status ?? null;

describe("R12: the server's refusals", () => {
  test("takes GET, HEAD, POST and OPTIONS, and refuses every other method with 405", () => {
    for (const method of ["GET", "HEAD", "POST", "OPTIONS"]) expect(refusal(method), method).toBeNull();
    for (const method of ["TRACE", "PUT", "PATCH", "DELETE", "CONNECT", "PROPFIND"])
      expect(refusal(method), method).toBe(405);
  });

  test("refuses a NUL or broken percent-encoding in the path with 400, but not a query it cannot decode", () => {
    expect(refusal("GET", "/aktiviteter?q=%00")).toBe(400);
    expect(refusal("GET", "/aktiviteter/%00")).toBe(400);
    expect(refusal("GET", "/%E0%A4%A")).toBe(400);
    expect(refusal("GET", "/aktiviteter?q=%E0%A4%A")).toBeNull();
    expect(refusal("GET", "/aktiviteter?q=%C3%A6")).toBeNull();
  });

  test("refuses a body declared larger than any form with 413, and a body without a length with 411", () => {
    expect(refusal("POST", "/logg-inn", { "Content-Length": String(MAX_BODY_BYTES) })).toBeNull();
    expect(refusal("POST", "/logg-inn", { "Content-Length": String(MAX_BODY_BYTES + 1) })).toBe(413);
    expect(refusal("POST", "/logg-inn", { "Transfer-Encoding": "chunked" })).toBe(411);
    // A post with no body at all is no body to measure.
    expect(refusal("POST", "/logg-ut")).toBeNull();
  });

  test("refuses a post from another site with 403, and lets our own through", () => {
    expect(refusal("POST", "/logg-inn", { Origin: "https://evil.example" })).toBe(403);
    expect(refusal("POST", "/logg-inn", { "Sec-Fetch-Site": "cross-site" })).toBe(403);
    expect(refusal("POST", "/logg-inn", { Referer: "https://evil.example/skjema" })).toBe(403);
    expect(refusal("POST", "/logg-inn", { Origin: "http://localhost:3000" })).toBeNull();
    expect(refusal("POST", "/logg-inn", { Origin: SITE })).toBeNull();
    expect(refusal("GET", "/", { Origin: "https://evil.example" })).toBeNull();
  });

  test("says why in bokmål first and English second", () => {
    const page = refusalPage(413);
    expect(page).toContain('<html lang="nb">');
    expect(page).toContain("Det du sendte, var for stort (over 11 MB).");
    expect(page).toContain('<p lang="en">What you sent was too large');
  });
});

describe("TRUSTED_PROXY_HOPS", () => {
  test("is 0 (the socket's address) unless set to a whole number of proxies", () => {
    expect(proxyHops(undefined)).toBe(0);
    expect(proxyHops("1")).toBe(1);
    expect(proxyHops("2")).toBe(2);
    for (const wrong of ["", "-1", "1.5", "true", "one"])
      expect(() => proxyHops(wrong), wrong).toThrow(/TRUSTED_PROXY_HOPS/);
  });
});
