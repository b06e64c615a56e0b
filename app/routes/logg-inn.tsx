import { Alert, Paragraph } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, SubmitButton, TextField } from "~/components/forms";
import { NarrowPage } from "~/components/narrow-page";
import { TextLink } from "~/components/text-link";
import { callApi } from "~/lib/api.server";
import { authErrorMessage } from "~/lib/auth-errors.server";
import { readForm } from "~/lib/form-body.server";
import { parseForm, refuseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { attempt, clientAddress, limits, normaliseEmail, retryAfterHeaders } from "~/lib/rate-limit.server";
import { safeRedirect } from "~/lib/redirect";
import { createSupabase } from "~/lib/supabase.server";
import { currentPasswordField, emailField } from "~/lib/validation";
import { landingPage } from "~/lib/viewer";

const schema = z.object({ email: emailField, password: currentPasswordField, redirectTo: z.string().optional() });
const labels = { email: "field.email", password: "field.password" } as const;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "signIn.title");

export async function action({ request, context }: ActionFunctionArgs) {
  const { supabase, headers } = createSupabase(request);
  const formData = await readForm(request);
  const form = parseForm(formData, schema);
  if (!form.success) return data(form.failure, { status: 400 });

  // Only failed attempts add up: a person who signs in often is never stopped.
  const signIn = await attempt([
    [limits.signInPerEmail, normaliseEmail(form.data.email)],
    [limits.signInPerClient, clientAddress(context)],
  ]);
  if (signIn.refused) return data(refuseForm(formData, signIn.refused.message), signIn.refused.init);

  const { error } = await supabase.auth.signInWithPassword({ email: form.data.email, password: form.data.password });
  if (error) return data(refuseForm(formData, authErrorMessage(error)), { status: 400 });
  await signIn.succeeded();
  const next = form.data.redirectTo
    ? safeRedirect(form.data.redirectTo)
    : landingPage(await callApi(supabase, "session_context"));
  throw redirect(next, { headers });
}

export const headers = retryAfterHeaders;

export default function SignIn() {
  const { t } = useT();
  const failure = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo");
  return (
    <NarrowPage title="signIn.title">
      {searchParams.has("utlopt") && !failure ? (
        <Alert data-color="info" className="mb-6">
          <Paragraph>{t("signIn.sessionEnded")}</Paragraph>
        </Alert>
      ) : null}
      <ErrorSummary failure={failure} labels={labels} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo ?? ""} />
        <TextField name="email" type="email" autoComplete="email" label={labels.email} failure={failure} />
        <TextField
          name="password"
          type="password"
          autoComplete="current-password"
          label={labels.password}
          failure={failure}
        />
        <SubmitButton>{t("signIn.submit")}</SubmitButton>
      </Form>
      <Paragraph className="mt-6">
        <TextLink to="/glemt-passord">{t("signIn.forgot")}</TextLink>
      </Paragraph>
      <Paragraph className="mt-2">
        {t("signIn.noAccount")}{" "}
        {/* Someone on their way somewhere (an invitation) signs up and comes back there too. */}
        <TextLink to={redirectTo ? `/registrer?${new URLSearchParams({ redirectTo })}` : "/registrer"}>
          {t("layout.register")}
        </TextLink>
      </Paragraph>
    </NarrowPage>
  );
}
