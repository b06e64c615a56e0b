import { Alert, Paragraph } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import type { AgreementPage } from "~/lib/agreements";
import { isMessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";

/**
 * Before the caseworker countersigns: does the organisation's signer hold signing authority in
 * Enhetsregisteret? A match, or a warning with the people who do. A help, never a block: the
 * countersign form below works whatever this says.
 */
export function SignerCheckPanel({ check }: { check: AgreementPage["signer_check"] }) {
  const { t, dateTime } = useT();
  const role = (code: string) => {
    const key = `signer.role.${code}`;
    return isMessageKey(key) ? t(key) : code;
  };
  const holders = check?.role_holders.map((holder) => `${holder.name} (${role(holder.role)})`).join(", ");
  return (
    <PageSection heading="signer.heading">
      {!check ? (
        <Paragraph className="mb-4">{t("signer.notChecked")}</Paragraph>
      ) : check.outcome === "match" ? (
        <Alert data-color="success" className="mb-4">
          <Paragraph>{t("signer.match", { name: check.signer_name, role: role(check.matched_role ?? "") })}</Paragraph>
        </Alert>
      ) : (
        <Alert data-color="warning" className="mb-4">
          <Paragraph className="mb-2">
            {check.outcome === "no_match" ? t("signer.noMatch", { name: check.signer_name }) : t("signer.unavailable")}
          </Paragraph>
          {check.outcome === "no_match" ? (
            <Paragraph className="mb-2">
              {holders ? t("signer.holders", { names: holders }) : t("signer.noHolders")}
            </Paragraph>
          ) : null}
          <Paragraph>{t("signer.help")}</Paragraph>
        </Alert>
      )}
      {check ? (
        <Paragraph data-size="sm" className="mb-4">
          {t("signer.checkedAt", { time: dateTime(check.checked_at) })}
        </Paragraph>
      ) : null}
      {check?.outcome !== "match" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="check_signer" />
          <SubmitButton variant="secondary">{t("signer.recheck")}</SubmitButton>
        </Form>
      ) : null}
    </PageSection>
  );
}
