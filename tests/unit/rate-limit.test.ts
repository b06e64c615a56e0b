import { describe, expect, test, vi } from "vitest";

// rate-limit.server builds the service client, which reads the environment at import.
vi.hoisted(() => {
  process.env.SUPABASE_URL ??= "http://127.0.0.1:54321";
  process.env.SUPABASE_ANON_KEY ??= "anon";
  process.env.SUPABASE_SERVICE_ROLE_KEY ??= "service";
});
const { attemptOf, clientAddress, limits, rateLimited } = await import("../../app/lib/rate-limit.server");

describe("an attempt as the database counts it (api.count_attempts)", () => {
  test("names its limit and window, and carries the key only as its SHA-256", () => {
    const counted = attemptOf([limits.signInPerEmail, "kari@example.no"]);
    expect(counted).toEqual({
      bucket: "sign_in_per_email",
      subject: expect.stringMatching(/^[0-9a-f]{64}$/),
      limit: 5,
      window_seconds: 900,
    });
    expect(JSON.stringify(counted)).not.toContain("kari");
    expect(attemptOf([limits.signInPerEmail, "kari@example.no"]).subject).toBe(counted.subject);
    expect(attemptOf([limits.signInPerEmail, "ola@example.no"]).subject).not.toBe(counted.subject);
  });
});

describe("a refusal for going too fast", () => {
  test("is a 429 with the wait in seconds for clients and in whole minutes for people", () => {
    expect(rateLimited(540)).toEqual({
      message: { key: "security.tooManyAttempts", params: { minutes: 9 } },
      init: { status: 429, headers: { "Retry-After": "540" } },
    });
    expect(rateLimited(5).message.params).toEqual({ minutes: 1 });
  });
});

describe("the client's address", () => {
  test("is what the server found (the socket or the trusted proxies), never a request header", () => {
    expect(clientAddress({ clientAddress: "10.0.0.7" })).toBe("10.0.0.7");
  });

  test("is missing only when the app runs without its own server, which is refused rather than sharing one key", () => {
    expect(() => clientAddress({} as never)).toThrow(/server\/index.js/);
  });
});
