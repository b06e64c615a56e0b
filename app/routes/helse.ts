/**
 * Health check for load balancers and the benchmark's bare-route ceiling: answers without
 * touching the database or the session.
 */
export const loader = () =>
  new Response(JSON.stringify({ status: "ok" }), {
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
