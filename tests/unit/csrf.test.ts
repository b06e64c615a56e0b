import { describe, expect, test, vi } from "vitest";

// csrf.server reads SITE_URL through env.server, which checks the environment at import.
vi.hoisted(() => {
  process.env.SUPABASE_URL ??= "http://127.0.0.1:54321";
  process.env.SUPABASE_ANON_KEY ??= "anon";
});
const { isSameOriginRequest, requireSameOrigin } = await import("../../app/lib/csrf.server");

const SITE = "https://sammen.example.no";
const post = (headers: Record<string, string>, url = "http://localhost:3000/logg-inn") =>
  new Request(url, { method: "POST", headers });

describe("the CSRF origin check", () => {
  test("lets reads through from anywhere", () => {
    const get = new Request("http://localhost:3000/", { headers: { Origin: "https://evil.example" } });
    expect(isSameOriginRequest(get, SITE)).toBe(true);
  });

  test("accepts a post whose Origin is the host it was sent to, or the site's own address behind a proxy", () => {
    expect(isSameOriginRequest(post({ Origin: "http://localhost:3000" }), SITE)).toBe(true);
    expect(isSameOriginRequest(post({ Origin: SITE }, "http://10.0.0.5:3000/logg-inn"), SITE)).toBe(true);
  });

  test("refuses a post from another site, another port, or an opaque origin", () => {
    expect(isSameOriginRequest(post({ Origin: "https://evil.example" }), SITE)).toBe(false);
    expect(isSameOriginRequest(post({ Origin: "http://localhost:4000" }), SITE)).toBe(false);
    expect(isSameOriginRequest(post({ Origin: "null" }), SITE)).toBe(false);
  });

  test("without Origin, trusts Sec-Fetch-Site, then Referer", () => {
    expect(isSameOriginRequest(post({ "Sec-Fetch-Site": "same-origin" }), SITE)).toBe(true);
    expect(isSameOriginRequest(post({ "Sec-Fetch-Site": "cross-site" }), SITE)).toBe(false);
    expect(isSameOriginRequest(post({ "Sec-Fetch-Site": "same-site" }), SITE)).toBe(false);
    expect(isSameOriginRequest(post({ Referer: "http://localhost:3000/logg-inn" }), SITE)).toBe(true);
    expect(isSameOriginRequest(post({ Referer: "https://evil.example/form" }), SITE)).toBe(false);
  });

  test("lets a post with no browser headers at all through (no page, so no forged session)", () => {
    expect(isSameOriginRequest(post({}), SITE)).toBe(true);
  });

  test("refuses with 403", () => {
    let thrown: unknown;
    try {
      requireSameOrigin(post({ Origin: "https://evil.example" }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(403);
  });
});
