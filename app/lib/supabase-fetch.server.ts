import { Agent, fetch as undiciFetch, request } from "undici";

/**
 * How this server talks to Supabase. One connection pool for every request: a new TCP
 * connection per call costs more than the call itself (DESIGN.md §5), so sockets stay open
 * between requests; undici closes them just before the server's Keep-Alive timeout.
 */
const agent = new Agent({ connections: 64 });

/**
 * A `fetch` for supabase-js. Calls with a text body or none (every RPC, Auth and signed
 * URL) go through undici's plain `request`, which costs a fraction of its `fetch`: no
 * Request object, no body stream for a string that is already whole
 * (docs/decisions/010-page-speed.md). Uploads and anything else unusual take `fetch`.
 */
export const supabaseFetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : undefined;
  const body = init.body ?? undefined;
  if (url === undefined || (body !== undefined && typeof body !== "string") || init.redirect === "manual") {
    return undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    });
  }
  const answer = await request(url, {
    dispatcher: agent,
    method: (init.method ?? "GET") as "GET",
    headers: Object.fromEntries(new Headers(init.headers)),
    body,
    signal: init.signal ?? undefined,
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    for (const one of Array.isArray(value) ? value : [value ?? ""]) headers.append(name, one);
  }
  const bytes = await answer.body.arrayBuffer();
  const bodyless = answer.statusCode === 204 || answer.statusCode === 205 || answer.statusCode === 304;
  return new Response(bodyless ? null : bytes, { status: answer.statusCode, headers });
}) as typeof fetch;
