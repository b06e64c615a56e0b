import http from "node:http";
import { handleAuth } from "./auth";
import { handleBrreg } from "./brreg";
import { handleMailbox } from "./mailbox";
import { handleRest } from "./rest";
import { handleStorage } from "./storage";
import { HttpError, sendJson, type Handler, type StackContext } from "./http";

const routes: Array<[prefix: string, handler: Handler]> = [
  ["/auth/v1/", handleAuth],
  ["/rest/v1/", handleRest],
  ["/storage/v1/", handleStorage],
  ["/mailbox", handleMailbox],
  ["/brreg/", handleBrreg],
];

/**
 * One HTTP server for Auth, PostgREST RPC, Storage and the mailbox, as `supabase start` gives,
 * and a stand-in for Brønnøysundregistrene's open API (brreg.ts), which Supabase does not give.
 */
export function createStackServer(context: StackContext) {
  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    try {
      if (url.pathname === "/health") return sendJson(response, 200, { status: "ok" });
      const route = routes.find(([prefix]) => url.pathname.startsWith(prefix));
      if (!route) throw new HttpError(404, { message: "no Route matched with those values" });
      await route[1](request, response, url, context);
    } catch (error) {
      if (response.headersSent) return void response.end();
      if (error instanceof HttpError) return sendJson(response, error.status, error.body);
      console.error("[stack]", request.method, url.pathname, error);
      sendJson(response, 500, { message: "Internal server error" });
    }
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
