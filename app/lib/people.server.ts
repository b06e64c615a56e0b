import { data } from "@remix-run/node";
import { z } from "zod";
import { refusalToForm } from "./api.server";
import { requireUser } from "./auth.server";
import { readForm } from "./form-body.server";
import { parseForm } from "./forms";
import { deliverMailSoon } from "./mail/outbox.server";
import type { Supabase } from "./supabase.server";
import { inviteeEmailField, listField } from "./validation";

/** The api calls behind a people form: an organisation's members or a municipality's staff. */
type PeopleCalls<Role extends string> = {
  invite: (supabase: Supabase, email: string, role: Role) => Promise<unknown>;
  setRoles: (supabase: Supabase, userId: string, roles: Role[]) => Promise<unknown>;
};

/**
 * The action of a page where admins manage people: invite by e-mail, change someone's roles,
 * or remove them (no roles left). The database refuses what may not happen (the last admin).
 */
export async function peopleAction<Role extends string>(
  request: Request,
  roles: readonly [Role, ...Role[]],
  calls: PeopleCalls<Role>,
) {
  const { supabase, headers } = await requireUser(request);
  const schema = z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("invite"), email: inviteeEmailField, role: z.enum(roles) }),
    z.object({ intent: z.literal("roles"), user_id: z.uuid(), roles: listField.pipe(z.array(z.enum(roles))) }),
    z.object({ intent: z.literal("remove"), user_id: z.uuid() }),
  ]);
  const formData = await readForm(request);
  const form = parseForm(formData, schema);
  if (!form.success) return data({ failure: form.failure, invited: null }, { status: 400, headers });
  const input = form.data;
  try {
    if (input.intent === "invite") {
      await calls.invite(supabase, input.email, input.role as Role);
      deliverMailSoon();
      return data({ failure: undefined, invited: input.email }, { headers });
    }
    await calls.setRoles(supabase, input.user_id, input.intent === "roles" ? (input.roles as Role[]) : []);
    return data({ failure: undefined, invited: null }, { headers });
  } catch (error) {
    return data({ failure: refusalToForm(error, formData), invited: null }, { status: 400, headers });
  }
}
