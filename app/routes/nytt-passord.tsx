import { Alert, Paragraph } from "@digdir/designsystemet-react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, SubmitButton, TextField } from "~/components/forms";
import { NarrowPage } from "~/components/narrow-page";
import { TextLink } from "~/components/text-link";
import { requireUser } from "~/lib/auth.server";
import { authErrorMessage } from "~/lib/auth-errors.server";
import { readForm } from "~/lib/form-body.server";
import { parseForm, refuseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { passwordProblem } from "~/lib/password";
import { newPasswordField } from "~/lib/validation";

const schema = z.object({ password: newPasswordField });
const labels = { password: "field.newPassword" } as const;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "newPassword.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { headers } = await requireUser(request);
  return data(null, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, session } = await requireUser(request);
  const formData = await readForm(request);
  const form = parseForm(formData, schema);
  if (!form.success) return data({ failure: form.failure, saved: false }, { status: 400, headers });
  const names = [session.user.user_metadata?.display_name as string | undefined];
  const weak = passwordProblem(form.data.password, { email: session.user.email, names });
  if (weak) return data({ failure: refuseForm(formData, weak, "password"), saved: false }, { status: 400, headers });

  const { error } = await supabase.auth.updateUser({ password: form.data.password });
  if (error) {
    return data(
      { failure: refuseForm(formData, authErrorMessage(error), "password"), saved: false },
      { status: 400, headers },
    );
  }
  return data({ failure: undefined, saved: true }, { headers });
}

export default function NewPassword() {
  const { t } = useT();
  const result = useActionData<typeof action>();
  if (result?.saved) {
    return (
      <NarrowPage title="newPassword.title">
        <Alert data-color="success" role="status" className="mb-6">
          <Paragraph>{t("newPassword.saved")}</Paragraph>
        </Alert>
        <TextLink to="/">{t("newPassword.toHome")}</TextLink>
      </NarrowPage>
    );
  }
  return (
    <NarrowPage title="newPassword.title">
      <ErrorSummary failure={result?.failure} labels={labels} />
      <Form method="post" noValidate>
        <TextField
          name="password"
          type="password"
          autoComplete="new-password"
          label={labels.password}
          hint="field.passwordHint"
          failure={result?.failure}
        />
        <SubmitButton>{t("newPassword.submit")}</SubmitButton>
      </Form>
    </NarrowPage>
  );
}
