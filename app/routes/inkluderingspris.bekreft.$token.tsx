import { Alert, Paragraph } from "@digdir/designsystemet-react";
import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/forms";
import { NarrowPage } from "~/components/narrow-page";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import { useT } from "~/lib/i18n/react";
import { deliverMailSoon } from "~/lib/mail/outbox.server";
import { pageTitle } from "~/lib/meta";
import { createSupabase } from "~/lib/supabase.server";

/**
 * The link in the nominator's e-mail. Confirming is a button, not the visit: mail scanners
 * that follow links must not confirm for the person.
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "confirm.title");

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = createSupabase(request);
  const confirmed = await loadApi(supabase, "confirm_nomination", { token: params.token ?? "" });
  // The nominated organisation is told now that the nomination counts.
  if (confirmed.state === "confirmed") deliverMailSoon();
  return data(confirmed, { headers });
}

export default function ConfirmNomination() {
  const { t } = useT();
  const confirmed = useActionData<typeof action>();
  return (
    <NarrowPage title="confirm.title" lead={confirmed ? undefined : "confirm.lead"}>
      {confirmed ? (
        <Alert data-color="success" role="status" className="mb-4">
          <Paragraph>
            {confirmed.state === "confirmed"
              ? t("confirm.done", { organisation: confirmed.organisation })
              : t("confirm.already")}
          </Paragraph>
        </Alert>
      ) : (
        <Form method="post">
          <SubmitButton>{t("confirm.submit")}</SubmitButton>
        </Form>
      )}
      <Paragraph className="mt-6">
        <TextLink to="/inkluderingspris">{t("nominate.toHonour")}</TextLink>
      </Paragraph>
    </NarrowPage>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
