import { createHash } from "node:crypto";
import type { AppLoadContext, HeadersFunction } from "@remix-run/node";
import type { Message } from "./i18n";
import { serviceClient } from "./service.server";

/**
 * Rate limits, counted in Postgres so that they hold across every app server
 * (api.count_attempts; docs/decisions/015-many-app-servers.md): a fixed window per limit and
 * key (an e-mail address, a client address). The keys are hashed before they leave the
 * server, so the database never holds the addresses.
 */
export type RateLimit = { bucket: string; limit: number; windowSeconds: number };

const minutes = (count: number) => count * 60;

/**
 * The limits the forms use. Per e-mail address they stop guessing one person's password;
 * per client address they stop trying many addresses or creating accounts in bulk.
 */
export const limits = {
  signInPerEmail: { bucket: "sign_in_per_email", limit: 5, windowSeconds: minutes(15) },
  signInPerClient: { bucket: "sign_in_per_client", limit: 50, windowSeconds: minutes(15) },
  signUpPerClient: { bucket: "sign_up_per_client", limit: 10, windowSeconds: minutes(60) },
  passwordResetPerEmail: { bucket: "password_reset_per_email", limit: 3, windowSeconds: minutes(60) },
  passwordResetPerClient: { bucket: "password_reset_per_client", limit: 10, windowSeconds: minutes(60) },
  nominationPerClient: { bucket: "nomination_per_client", limit: 10, windowSeconds: minutes(60) },
  // Each lookup is a call to Brønnøysundregistrene on the person's behalf.
  registerLookupPerSession: { bucket: "register_lookup_per_session", limit: 30, windowSeconds: minutes(10) },
  // Calendar apps poll a feed every 15 minutes or less often; one service (Google's, Apple's)
  // fetches many people's feeds from the same addresses, and a stranger guessing tokens is stopped.
  calendarFeedPerToken: { bucket: "calendar_feed_per_token", limit: 20, windowSeconds: minutes(15) },
  calendarFeedPerClient: { bucket: "calendar_feed_per_client", limit: 600, windowSeconds: minutes(15) },
  // The link in a reminder, opened or posted by one click (RFC 8058), often by a mail provider's servers.
  reminderLinkPerClient: { bucket: "reminder_link_per_client", limit: 100, windowSeconds: minutes(15) },
} satisfies Record<string, RateLimit>;

/**
 * The client's address, as the server found it (server/app.js): the socket's, or the one the
 * trusted proxies in front say (TRUSTED_PROXY_HOPS), never an address the client picked.
 */
export function clientAddress(context: AppLoadContext): string {
  if (!context.clientAddress) throw new Error("No client address: run the app with its own server (server/index.js)");
  return context.clientAddress;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** What the database gets for one limit and key. */
export function attemptOf([rule, key]: [RateLimit, string]) {
  return {
    bucket: rule.bucket,
    subject: createHash("sha256").update(key).digest("hex"),
    limit: rule.limit,
    window_seconds: rule.windowSeconds,
  };
}

/**
 * What a form says when it is refused for going too fast: status 429, with Retry-After for
 * clients that are not people. Remix sends an action's headers with a page only through the
 * route's `headers` export: routes that refuse use `retryAfterHeaders`.
 */
export type RateLimited = { message: Message; init: { status: 429; headers: { "Retry-After": string } } };

export function rateLimited(retryAfterSeconds: number): RateLimited {
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

async function countAttempts(checks: [RateLimit, string][], giveBack: boolean): Promise<number> {
  const { data, error } = await serviceClient.rpc("count_attempts", {
    attempts: checks.map(attemptOf),
    give_back: giveBack,
  });
  if (error) throw new Error(`count_attempts failed: ${error.code} ${error.message}`);
  return data as number;
}

/**
 * One attempt, counted against each limit for its key: `refused` when any of them is full
 * (what was counted stays counted, as a refused request is an attempt too). `succeeded()`
 * gives the attempt back, for limits that should count only failures.
 */
export async function attempt(
  checks: [RateLimit, string][],
): Promise<{ refused: RateLimited | null; succeeded: () => Promise<void> }> {
  const waitSeconds = await countAttempts(checks, false);
  return {
    refused: waitSeconds > 0 ? rateLimited(waitSeconds) : null,
    succeeded: async () => void (await countAttempts(checks, true)),
  };
}

/**
 * For the prize nomination form: null, or the refusal to show at the top of the form (keep
 * what was typed: `data(refuseForm(formData, refused.message), refused.init)`).
 */
export async function limitNominations(context: AppLoadContext): Promise<RateLimited | null> {
  return (await attempt([[limits.nominationPerClient, clientAddress(context)]])).refused;
}
