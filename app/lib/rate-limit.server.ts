import type { HeadersFunction } from "@remix-run/node";
import type { Message } from "./i18n";

/**
 * Rate limits kept in this process's memory: a fixed window per key (an e-mail address, a
 * client address). Enough for one server; several instances each count their own, so the
 * real limit is the number of instances times this one, which still stops guessing
 * passwords at any useful speed.
 */
export type RateLimit = { limit: number; windowMs: number };
export type Taken = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    readonly rule: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt for `key`, or says how long to wait when the window is full. */
  take(key: string): Taken {
    const now = this.now();
    this.forgetExpired(now);
    const window = this.windows.get(key);
    if (!window) {
      this.windows.set(key, { startedAt: now, count: 1 });
      return { ok: true };
    }
    if (window.count >= this.rule.limit) {
      return { ok: false, retryAfterSeconds: Math.ceil((window.startedAt + this.rule.windowMs - now) / 1000) };
    }
    window.count += 1;
    return { ok: true };
  }

  /** Gives back an attempt that turned out fine (a correct password), so that only failures add up. */
  giveBack(key: string) {
    const window = this.windows.get(key);
    if (window && window.count > 0) window.count -= 1;
  }

  // Expired windows go as new attempts come in, so memory stays bounded by the keys of one window.
  private forgetExpired(now: number) {
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= this.rule.windowMs) this.windows.delete(key);
    }
  }
}

const minutes = (count: number) => count * 60_000;

/**
 * The limits the forms use. Per e-mail address they stop guessing one person's password;
 * per client address they stop trying many addresses or creating accounts in bulk.
 */
export const limits = {
  signInPerEmail: new RateLimiter({ limit: 5, windowMs: minutes(15) }),
  signInPerClient: new RateLimiter({ limit: 50, windowMs: minutes(15) }),
  signUpPerClient: new RateLimiter({ limit: 10, windowMs: minutes(60) }),
  passwordResetPerEmail: new RateLimiter({ limit: 3, windowMs: minutes(60) }),
  passwordResetPerClient: new RateLimiter({ limit: 10, windowMs: minutes(60) }),
  nominationPerClient: new RateLimiter({ limit: 10, windowMs: minutes(60) }),
  // Each lookup is a call to Brønnøysundregistrene on the person's behalf.
  registerLookupPerSession: new RateLimiter({ limit: 30, windowMs: minutes(10) }),
};

/**
 * The client's address as the reverse proxy in front of the server saw it: the last hop of
 * X-Forwarded-For, which the proxy appends after whatever the client sent. remix-serve does
 * not hand the socket's address to the app, so the per-client limits need that proxy (without
 * it, clients that send no header share one key, and a client can pick its own); the
 * per-e-mail limits hold either way.
 */
export function clientAddress(request: Request): string {
  const hops = request.headers.get("X-Forwarded-For")?.split(",") ?? [];
  return hops.at(-1)?.trim() || "unknown";
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * What a form says when it is refused for going too fast: status 429, with Retry-After for
 * clients that are not people. Remix sends an action's headers with a page only through the
 * route's `headers` export: routes that refuse use `retryAfterHeaders`.
 */
export type RateLimited = { message: Message; init: { status: 429; headers: { "Retry-After": string } } };

function rateLimited(retryAfterSeconds: number): RateLimited {
  return {
    message: { key: "security.tooManyAttempts", params: { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) } },
    init: { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } },
  };
}

/** A route's `headers` export: an action's Retry-After reaches the page it answers with. */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

/**
 * One attempt, counted against each limiter for its key: `refused` when any of them is full
 * (what was already counted stays counted, as a refused request is an attempt too).
 * `succeeded()` gives the attempt back, for limits that should count only failures.
 */
export function attempt(checks: [RateLimiter, string][]): { refused: RateLimited | null; succeeded: () => void } {
  let waitSeconds = 0;
  for (const [limiter, key] of checks) {
    const taken = limiter.take(key);
    if (!taken.ok) waitSeconds = Math.max(waitSeconds, taken.retryAfterSeconds);
  }
  return {
    refused: waitSeconds > 0 ? rateLimited(waitSeconds) : null,
    succeeded: () => checks.forEach(([limiter, key]) => limiter.giveBack(key)),
  };
}

/**
 * For the prize nomination form: null, or the refusal to show at the top of the form (keep
 * what was typed: `data(refuseForm(formData, refused.message), refused.init)`).
 */
export function limitNominations(request: Request): RateLimited | null {
  return attempt([[limits.nominationPerClient, clientAddress(request)]]).refused;
}
