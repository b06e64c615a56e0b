import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { organisationNumberDigits } from "~/lib/register";
import { lookupForRegistration } from "~/lib/register.server";

/**
 * The registration form's lookup with JavaScript (on leaving the organisation number field):
 * what Enhetsregisteret says about `?nummer=`, asked by this server, never by the browser.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { headers } = await requireUser(request);
  const number = organisationNumberDigits(new URL(request.url).searchParams.get("nummer") ?? "");
  if (!number) throw new Response("Not a valid organisation number", { status: 400, headers });
  return data(await lookupForRegistration(request, number), { headers });
}
