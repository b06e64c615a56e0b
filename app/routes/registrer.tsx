import { Paragraph } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, SubmitButton, TextField } from "~/components/forms";
import { NarrowPage } from "~/components/narrow-page";
import { TextLink } from "~/components/text-link";
import { authErrorMessage } from "~/lib/auth-errors.server";
import { env } from "~/lib/env.server";
import { readForm } from "~/lib/form-body.server";
import { message, parseForm, refuseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { invitationNames } from "~/lib/invitation.server";
import { passwordProblem } from "~/lib/password";
import { safeRedirect } from "~/lib/redirect";
import { attempt, clientAddress, limits, retryAfterHeaders } from "~/lib/rate-limit.server";
import { createSupabase } from "~/lib/supabase.server";
import { emailField, newPasswordField } from "~/lib/validation";

const schema = z.object({
  name: z
    .string({ error: message("validation.nameRequired") })
    .trim()
    .min(1, message("validation.nameRequired")),
  email: emailField,
  password: newPasswordField,
  redirectTo: z.string().optional(),
});
const labels = { name: "field.name", email: "field.email", password: "field.password" } as const;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "register.title");

export async function action({ request, context }: ActionFunctionArgs) {
  const { supabase } = createSupabase(request);
  const formData = await readForm(request);
  const form = parseForm(formData, schema);
  if (!form.success) return data(form.failure, { status: 400 });

  const { refused } = await attempt([[limits.signUpPerClient, clientAddress(context)]]);
  if (refused) return data(refuseForm(formData, refused.message), refused.init);

  const names = await invitationNames(supabase, form.data.redirectTo);
  const weak = passwordProblem(form.data.password, { email: form.data.email, names: [form.data.name, ...names] });
  if (weak) return data(refuseForm(formData, weak, "password"), { status: 400 });

  const { error } = await supabase.auth.signUp({
    email: form.data.email,
    password: form.data.password,
    // The confirmation link leads back to where sign-up started (an invitation), on this site only.
    options: {
      emailRedirectTo: new URL(safeRedirect(form.data.redirectTo), env.SITE_URL).href,
      data: { display_name: form.data.name },
    },
  });
  if (error) return data(refuseForm(formData, authErrorMessage(error)), { status: 400 });
  // The same answer whether or not the address already had an account (Auth does not say).
  throw redirect("/registrer/sjekk-e-post");
}

export const headers = retryAfterHeaders;

export default function Register() {
  const { t } = useT();
  const failure = useActionData<typeof action>();
  const redirectTo = useSearchParams()[0].get("redirectTo");
  const signIn = redirectTo ? `/logg-inn?${new URLSearchParams({ redirectTo })}` : "/logg-inn";
  return (
    <NarrowPage title="register.title" lead="register.lead">
      <ErrorSummary failure={failure} labels={labels} />
      <Form method="post" noValidate>
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <TextField name="name" autoComplete="name" label={labels.name} hint="field.nameHint" failure={failure} />
        <TextField name="email" type="email" autoComplete="email" label={labels.email} failure={failure} />
        <TextField
          name="password"
          type="password"
          autoComplete="new-password"
          label={labels.password}
          hint="field.passwordHint"
          failure={failure}
        />
        <SubmitButton>{t("register.submit")}</SubmitButton>
      </Form>
      <Paragraph className="mt-6">
        {t("register.haveAccount")} <TextLink to={signIn}>{t("layout.signIn")}</TextLink>
      </Paragraph>
    </NarrowPage>
  );
}
