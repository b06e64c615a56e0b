import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireSameOrigin } from "~/lib/csrf.server";
import { readForm } from "~/lib/form-body.server";
import { languages } from "~/lib/i18n";
import { langCookie } from "~/lib/i18n/lang.server";
import { safeRedirect } from "~/lib/redirect";

const schema = z.object({ lang: z.enum(languages), redirectTo: z.string().optional() });

/** The language switch in the header posts here and comes back to the page it was on. */
export async function action({ request }: ActionFunctionArgs) {
  // The one action that touches no Supabase client, so it checks the origin itself.
  requireSameOrigin(request);
  const form = schema.safeParse(Object.fromEntries(await readForm(request)));
  if (!form.success) throw redirect("/");
  throw redirect(safeRedirect(form.data.redirectTo), {
    headers: { "Set-Cookie": await langCookie.serialize(form.data.lang) },
  });
}

export function loader() {
  throw redirect("/");
}
