import { describe, expect, test, vi } from "vitest";

// security-headers.server reads SUPABASE_URL through env.server, which checks the environment at import.
vi.hoisted(() => {
  process.env.SUPABASE_URL ??= "http://127.0.0.1:54321";
  process.env.SUPABASE_ANON_KEY ??= "anon";
});
const { contentSecurityPolicy, newNonce } = await import("../../app/lib/security-headers.server");

const directive = (policy: string, name: string) => policy.split("; ").find((part) => part.startsWith(`${name} `));

describe("the Content-Security-Policy", () => {
  test("in production allows scripts only with the nonce, and nothing inline", () => {
    const policy = contentSecurityPolicy("abc", true);
    expect(directive(policy, "script-src")).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(directive(policy, "style-src")).toBe("style-src 'self'");
    expect(directive(policy, "connect-src")).toBe("connect-src 'self'");
    expect(directive(policy, "img-src")).toBe(
      `img-src 'self' data: blob: ${new URL(process.env.SUPABASE_URL!).origin}`,
    );
    expect(policy).not.toContain("unsafe");
  });

  test("lets the page start only a service worker of our own (the facilitator's /sw.js)", () => {
    expect(directive(contentSecurityPolicy("abc", true), "worker-src")).toBe("worker-src 'self'");
  });

  test("in development lets Vite inject styles and reach its HMR socket, but keeps the script nonce", () => {
    const policy = contentSecurityPolicy("abc", false);
    expect(directive(policy, "script-src")).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(directive(policy, "style-src")).toBe("style-src 'self' 'unsafe-inline'");
    expect(directive(policy, "connect-src")).toBe("connect-src 'self' ws: wss:");
  });

  test("gets a new, unguessable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
