import { Alert, Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, RadioGroupField, SubmitButton, TextField } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { message, parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { optionalText } from "~/lib/validation";

/**
 * The municipality's settings, for its admins: whether a claim is paid after one step or two
 * (R13), and the account payments are made from (R2, checked by the database).
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const settings = await loadApi(supabase, "municipality_settings", {
    municipality_id: idParam(params.municipalityId),
  });
  return data(settings, { headers });
}

const schema = z.object({
  payment_steps: z.enum(["1", "2"], message("payment_steps_invalid")).transform(Number),
  payer_account: optionalText,
});

const labels = { payment_steps: "settings.paymentSteps", payer_account: "settings.payerAccount" } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const formData = await readForm(request);
  const form = parseForm(formData, schema);
  if (!form.success) return data({ failure: form.failure }, { status: 400, headers });
  try {
    await callApi(supabase, "save_municipality_settings", {
      municipality_id: municipalityId,
      payment_steps: form.data.payment_steps,
      payer_account: form.data.payer_account ?? null,
    });
  } catch (error) {
    return data({ failure: refusalToForm(error, formData) }, { status: 400, headers });
  }
  throw redirect(`${new URL(request.url).pathname}?lagret=1`, { headers });
}

export default function MunicipalitySettingsPage() {
  const { t } = useT();
  const settings = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>()?.failure;
  const [searchParams] = useSearchParams();
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-6">
        {t("settings.heading", { municipality: settings.municipality.name })}
      </Heading>
      <PageSection heading="settings.payments">
        {searchParams.has("lagret") && !failure ? (
          <Alert data-color="success" role="status" className="mb-4">
            <Paragraph>{t("settings.saved")}</Paragraph>
          </Alert>
        ) : null}
        <ErrorSummary failure={failure} labels={labels} />
        <Form method="post" noValidate className="max-w-xl">
          <RadioGroupField
            name="payment_steps"
            legend={labels.payment_steps}
            options={[
              { value: "2", label: "settings.twoSteps" },
              { value: "1", label: "settings.oneStep" },
            ]}
            defaultValue={String(settings.payment_steps)}
            failure={failure}
          />
          <Paragraph data-size="sm" className="mb-6">
            {t("settings.stepsHint")}
          </Paragraph>
          <TextField
            name="payer_account"
            label={labels.payer_account}
            hint="settings.payerAccountHint"
            inputMode="numeric"
            autoComplete="off"
            maxLength={20}
            defaultValue={settings.payer_account ?? ""}
            failure={failure}
          />
          <SubmitButton>{t("settings.save")}</SubmitButton>
        </Form>
      </PageSection>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
