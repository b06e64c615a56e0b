import { Alert, Paragraph } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import { CheckboxGroup, ErrorSummary, SubmitButton } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import { termsDefaults, termsLabels } from "~/lib/agreement-forms";
import type { AgreementPage } from "~/lib/agreements";
import type { FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { TermsFields } from "./terms-fields";

const draftLabels = { ...termsLabels, activity_ids: "agreementField.activities" } as const;

/** While a draft: the caseworker changes the terms and covered activities, then sends it. */
export function DraftForms({
  agreement,
  termsFailure,
  sendFailure,
  saved,
}: {
  agreement: AgreementPage;
  termsFailure: FormFailure | undefined;
  sendFailure: FormFailure | undefined;
  saved: boolean;
}) {
  const { t } = useT();
  return (
    <>
      <PageSection heading="agreement.terms">
        {saved ? (
          <Alert data-color="success" role="status" className="mb-4">
            <Paragraph>{t("agreement.saved")}</Paragraph>
          </Alert>
        ) : null}
        <ErrorSummary failure={termsFailure} labels={draftLabels} />
        <Form method="post" noValidate className="max-w-md">
          <input type="hidden" name="intent" value="terms" />
          <TermsFields failure={termsFailure} defaults={termsDefaults(agreement, agreement.terms)} />
          <CheckboxGroup
            name="activity_ids"
            legend={draftLabels.activity_ids}
            hint="agreementField.activitiesHint"
            options={(agreement.organisation_activities ?? []).map((activity) => ({
              value: activity.id,
              label: activity.title,
            }))}
            checked={agreement.activities.map((activity) => activity.activity_id)}
            failure={termsFailure}
          />
          <SubmitButton variant="secondary">{t("agreement.saveTerms")}</SubmitButton>
        </Form>
      </PageSection>
      <PageSection heading="agreement.send">
        <Paragraph className="mb-4">{t("agreement.sendLead")}</Paragraph>
        <ErrorSummary failure={sendFailure} labels={{}} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="send" />
          <SubmitButton>{t("agreement.send")}</SubmitButton>
        </Form>
      </PageSection>
    </>
  );
}
