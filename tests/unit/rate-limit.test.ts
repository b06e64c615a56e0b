import { describe, expect, test } from "vitest";
import { attempt, clientAddress, RateLimiter } from "../../app/lib/rate-limit.server";

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("a fixed-window rate limit", () => {
  test("allows the limit within a window, then refuses with the seconds left until it opens again", () => {
    const time = clock();
    const limiter = new RateLimiter({ limit: 3, windowMs: 60_000 }, time.now);
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual([
      { ok: true },
      { ok: true },
      { ok: true },
    ]);
    time.advance(15_000);
    expect(limiter.take("a")).toEqual({ ok: false, retryAfterSeconds: 45 });
    // Another key has its own window.
    expect(limiter.take("b")).toEqual({ ok: true });
  });

  test("opens again when the window has passed", () => {
    const time = clock();
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000 }, time.now);
    limiter.take("a");
    expect(limiter.take("a").ok).toBe(false);
    time.advance(60_000);
    expect(limiter.take("a").ok).toBe(true);
  });

  test("an attempt given back (a correct password) does not count", () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: 60_000 }, clock().now);
    for (let i = 0; i < 10; i++) {
      expect(limiter.take("a").ok).toBe(true);
      limiter.giveBack("a");
    }
    limiter.take("a");
    limiter.take("a");
    expect(limiter.take("a").ok).toBe(false);
  });
});

describe("an attempt against several limits", () => {
  test("is refused when any limit is full, with a 429, the wait in seconds for clients and in minutes for people", () => {
    const time = clock();
    const perEmail = new RateLimiter({ limit: 1, windowMs: 10 * 60_000 }, time.now);
    const perClient = new RateLimiter({ limit: 100, windowMs: 10 * 60_000 }, time.now);
    expect(
      attempt([
        [perEmail, "a@example.test"],
        [perClient, "10.0.0.1"],
      ]).refused,
    ).toBeNull();
    time.advance(60_000);
    const { refused } = attempt([
      [perEmail, "a@example.test"],
      [perClient, "10.0.0.1"],
    ]);
    expect(refused?.init).toEqual({ status: 429, headers: { "Retry-After": "540" } });
    expect(refused?.message).toEqual({ key: "security.tooManyAttempts", params: { minutes: 9 } });
  });

  test("succeeded() gives the attempt back to every limit", () => {
    const perEmail = new RateLimiter({ limit: 1, windowMs: 60_000 }, clock().now);
    attempt([[perEmail, "a"]]).succeeded();
    expect(attempt([[perEmail, "a"]]).refused).toBeNull();
  });
});

describe("the client's address", () => {
  test("is the hop the proxy appended to X-Forwarded-For, not what the client claimed", () => {
    const request = new Request("http://localhost/", { headers: { "X-Forwarded-For": "1.2.3.4, 10.0.0.7" } });
    expect(clientAddress(request)).toBe("10.0.0.7");
  });

  test("is one shared key without a proxy", () => {
    expect(clientAddress(new Request("http://localhost/"))).toBe("unknown");
  });
});
