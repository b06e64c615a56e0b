import { Alert, Paragraph } from "@digdir/designsystemet-react";
import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, SubmitButton, TextField } from "~/components/forms";
import { NarrowPage } from "~/components/narrow-page";
import { env } from "~/lib/env.server";
import { readForm } from "~/lib/form-body.server";
import { parseForm, refuseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { log } from "~/lib/log.server";
import { pageTitle } from "~/lib/meta";
import { attempt, clientAddress, limits, normaliseEmail, retryAfterHeaders } from "~/lib/rate-limit.server";
import { createSupabase } from "~/lib/supabase.server";
import { emailField } from "~/lib/validation";

const schema = z.object({ email: emailField });
const labels = { email: "field.email" } as const;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forgot.title");

export async function action({ request, context }: ActionFunctionArgs) {
  const { supabase } = createSupabase(request);
  const formData = await readForm(request);
  const form = parseForm(formData, schema);
  if (!form.success) return data({ failure: form.failure, sentTo: null }, { status: 400 });
  // Counted per request, not per account, so a refusal says nothing about who has one.
  const { refused } = await attempt([
    [limits.passwordResetPerEmail, normaliseEmail(form.data.email)],
    [limits.passwordResetPerClient, clientAddress(context)],
  ]);
  if (refused) return data({ failure: refuseForm(formData, refused.message), sentTo: null }, refused.init);

  const { error } = await supabase.auth.resetPasswordForEmail(form.data.email, {
    redirectTo: `${env.SITE_URL}/nytt-passord`,
  });
  // Always the same answer, so that nobody can find out who has an account here.
  if (error) log.error("password_reset_failed", { error: error.name, code: error.code, status: error.status });
  return { failure: undefined, sentTo: form.data.email };
}

export const headers = retryAfterHeaders;

export default function ForgotPassword() {
  const { t } = useT();
  const result = useActionData<typeof action>();
  if (result?.sentTo) {
    return (
      <NarrowPage title="forgot.title">
        <Alert data-color="success" role="status">
          <Paragraph>{t("forgot.sent", { email: result.sentTo })}</Paragraph>
        </Alert>
      </NarrowPage>
    );
  }
  return (
    <NarrowPage title="forgot.title" lead="forgot.lead">
      <ErrorSummary failure={result?.failure} labels={labels} />
      <Form method="post" noValidate>
        <TextField name="email" type="email" autoComplete="email" label={labels.email} failure={result?.failure} />
        <SubmitButton>{t("forgot.submit")}</SubmitButton>
      </Form>
    </NarrowPage>
  );
}
