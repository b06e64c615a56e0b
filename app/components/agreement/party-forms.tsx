import { Paragraph } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import { CheckboxField, ErrorSummary, SubmitButton, TextareaField, TextField } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import type { AgreementPage } from "~/lib/agreements";
import type { FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";

const signLabels = {
  full_name: "agreement.fullName",
  signer_role: "agreement.signerRole",
  confirmed: "agreement.confirmation",
} as const;

/**
 * The organisation's signature or the municipality's countersignature: typed full name, role
 * and an explicit confirmation, bound to the checksum of the text on the screen (R6).
 */
export function SignForm({ agreement, failure }: { agreement: AgreementPage; failure: FormFailure | undefined }) {
  const { t } = useT();
  const counter = agreement.can.countersign;
  return (
    <PageSection heading={counter ? "agreement.countersign" : "agreement.sign"}>
      <Paragraph className="mb-4">{t(counter ? "agreement.countersignLead" : "agreement.signLead")}</Paragraph>
      <ErrorSummary failure={failure} labels={signLabels} />
      <Form method="post" noValidate className="max-w-md">
        <input type="hidden" name="intent" value="sign" />
        <input type="hidden" name="text_hash" value={agreement.text_hash ?? ""} />
        <TextField name="full_name" label={signLabels.full_name} autoComplete="name" failure={failure} />
        <TextField
          name="signer_role"
          label={signLabels.signer_role}
          hint="agreement.signerRoleHint"
          failure={failure}
        />
        <CheckboxField
          name="confirmed"
          label={counter ? "agreement.confirmMunicipality" : "agreement.confirmOrganisation"}
          failure={failure}
        />
        <SubmitButton>{t(counter ? "agreement.countersignSubmit" : "agreement.signSubmit")}</SubmitButton>
      </Form>
    </PageSection>
  );
}

const terminateLabels = { reason: "agreement.reason" } as const;

/** Either party ends the agreement, with a reason both are sent. */
export function TerminateForm({ failure }: { failure: FormFailure | undefined }) {
  const { t } = useT();
  return (
    <PageSection heading="agreement.terminate">
      <ErrorSummary failure={failure} labels={terminateLabels} />
      <Form method="post" noValidate className="max-w-md">
        <input type="hidden" name="intent" value="terminate" />
        <TextareaField
          name="reason"
          label={terminateLabels.reason}
          hint="agreement.reasonHint"
          maxLength={2000}
          failure={failure}
        />
        <SubmitButton variant="secondary" data-color="danger">
          {t("agreement.terminateSubmit")}
        </SubmitButton>
      </Form>
    </PageSection>
  );
}

/**
 * New terms after a signature mean a new version that both sign again (R6); before anyone has
 * signed, the new version simply takes the sent one's place.
 */
export function ReviseForm({ signed, failure }: { signed: boolean; failure: FormFailure | undefined }) {
  const { t } = useT();
  return (
    <PageSection heading="agreement.revise">
      <Paragraph className="mb-4">{t(signed ? "agreement.reviseLead" : "agreement.reviseUnsignedLead")}</Paragraph>
      <ErrorSummary failure={failure} labels={{}} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="revise" />
        <SubmitButton variant="secondary">{t("agreement.reviseSubmit")}</SubmitButton>
      </Form>
    </PageSection>
  );
}
