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

/**
 * While a draft: the caseworker changes the terms and covered activities, and saves them or
 * sends the agreement. One form with two buttons, so that sending also saves what was ticked;
 * Enter in a field saves (the first button).
 */
export function DraftForms({
  agreement,
  failure,
  saved,
}: {
  agreement: AgreementPage;
  failure: FormFailure | undefined;
  saved: boolean;
}) {
  const { t } = useT();
  return (
    <PageSection heading="agreement.terms">
      {saved ? (
        <Alert data-color="success" role="status" className="mb-4">
          <Paragraph>{t("agreement.saved")}</Paragraph>
        </Alert>
      ) : null}
      <ErrorSummary failure={failure} labels={draftLabels} />
      <Form method="post" noValidate className="max-w-md">
        <TermsFields failure={failure} defaults={termsDefaults(agreement, agreement.terms)} />
        <CheckboxGroup
          name="activity_ids"
          legend={draftLabels.activity_ids}
          hint="agreementField.activitiesHint"
          options={(agreement.organisation_activities ?? []).map((activity) => ({
            value: activity.id,
            label: activity.title,
          }))}
          checked={agreement.activities.map((activity) => activity.activity_id)}
          failure={failure}
        />
        <SubmitButton variant="secondary" name="intent" value="terms">
          {t("agreement.saveTerms")}
        </SubmitButton>
        <Paragraph className="mt-8 mb-4">{t("agreement.sendLead")}</Paragraph>
        <SubmitButton name="intent" value="send">
          {t("agreement.send")}
        </SubmitButton>
      </Form>
    </PageSection>
  );
}
