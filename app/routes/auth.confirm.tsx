import { Paragraph } from "@digdir/designsystemet-react";
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { z } from "zod";
import { NarrowPage } from "~/components/narrow-page";
import { TextLink } from "~/components/text-link";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { env } from "~/lib/env.server";
import { linkRedirect } from "~/lib/redirect";
import { createSupabase } from "~/lib/supabase.server";

/** The links in Auth's e-mails (supabase/templates/): confirm sign-up, reset password, accept invitation. */
const schema = z.object({
  token_hash: z.string().min(1),
  type: z.enum(["signup", "email", "recovery", "invite", "magiclink", "email_change"]),
  next: z.string().optional(),
});

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "confirm.invalidTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const link = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!link.success) return data(null, { status: 400 });

  const { supabase, headers } = createSupabase(request);
  const { error } = await supabase.auth.verifyOtp({ token_hash: link.data.token_hash, type: link.data.type });
  if (error) return data(null, { status: 400, headers });
  // A recovery link signs the person in to choose a new password, whatever else it says.
  const next = link.data.type === "recovery" ? "/nytt-passord" : linkRedirect(link.data.next, env.SITE_URL);
  throw redirect(next, { headers });
}

export default function InvalidLink() {
  const { t } = useT();
  return (
    <NarrowPage title="confirm.invalidTitle">
      <Paragraph className="mb-4">{t("confirm.invalidText")}</Paragraph>
      <Paragraph>
        <TextLink to="/glemt-passord">{t("confirm.newLink")}</TextLink>
      </Paragraph>
    </NarrowPage>
  );
}
