import type { ActionFunctionArgs } from "@remix-run/node";
import { saveSessionMarks } from "~/lib/attendance-save.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import type { OutboxReply } from "~/lib/outbox";

/**
 * Where the phone's service worker sends the attendance saves it kept without a connection
 * (app/service-worker.ts): the week's session form as it was, with its idempotency key, so a
 * save that arrives twice is applied once. It answers in JSON what the outbox shows. A save
 * made by someone else than who is signed in now waits for them to sign in again.
 */
export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  try {
    const { supabase, headers, session } = await requireUser(request);
    if (formData.get("user_id") !== subjectOf(session.access_token)) return signedOut();
    const answer = await saveSessionMarks(supabase, formData);
    if ("saved" in answer) return reply({ saved: answer.saved }, 200, headers);
    if (!answer.lasting) return Response.json({ retry: true }, { status: 503, headers });
    const { formErrors, fieldErrors } = answer.failure;
    return reply({ refused: [...formErrors, ...Object.values(fieldErrors)] }, 422, headers);
  } catch (error) {
    // requireUser, or the database saying the session has ended, sends the person to sign in.
    if (error instanceof Response) return signedOut();
    throw error;
  }
}

// Whose token it is; PostgREST verifies the token itself on the call that follows.
const subjectOf = (token: string): unknown =>
  (JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString() || "{}") as { sub?: unknown }).sub;

const reply = (body: OutboxReply, status: number, headers?: Headers) => Response.json(body, { status, headers });
const signedOut = () => reply({ signedOut: true }, 401);

export function loader() {
  throw new Response("Not found", { status: 404 });
}
