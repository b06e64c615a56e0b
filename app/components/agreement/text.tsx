import { Paragraph } from "@digdir/designsystemet-react";
import { PageSection } from "~/components/page-section";
import type { AgreementPage } from "~/lib/agreements";
import { useT } from "~/lib/i18n/react";

/** The exact text the parties sign, and its checksum once it is frozen (R6). */
export function AgreementText({ agreement }: { agreement: AgreementPage }) {
  const { t } = useT();
  return (
    <PageSection heading="agreement.text">
      {agreement.status === "draft" ? <Paragraph className="mb-2">{t("agreement.preview")}</Paragraph> : null}
      <div className="mb-4 max-w-prose whitespace-pre-line rounded border border-gray-300 p-4">{agreement.text}</div>
      {agreement.text_hash ? (
        <Paragraph data-size="sm" className="break-all">
          {t("agreement.hash")}: <code>{agreement.text_hash}</code>
        </Paragraph>
      ) : null}
    </PageSection>
  );
}

/** Who signed, in which role, when, and the checksum of the text they signed. */
export function Signatures({ signatures }: { signatures: AgreementPage["signatures"] }) {
  const { t, dateTime } = useT();
  return (
    <PageSection heading="agreement.signatures">
      {signatures.length === 0 ? <Paragraph>{t("agreement.noSignatures")}</Paragraph> : null}
      <ul className="grid gap-4">
        {signatures.map((signature) => (
          <li key={signature.party}>
            <Paragraph className="font-semibold">{t(`agreementParty.${signature.party}`)}</Paragraph>
            <Paragraph>
              {t("agreement.signedBy", { name: signature.signer_name, role: signature.signer_role })}
            </Paragraph>
            <Paragraph>{t("agreement.signedAt", { time: dateTime(signature.signed_at) })}</Paragraph>
            <Paragraph data-size="sm" className="break-all">
              {t("agreement.signedHash")}: <code>{signature.text_hash}</code>
            </Paragraph>
          </li>
        ))}
      </ul>
    </PageSection>
  );
}

/** The agreement's history from the audit trail, oldest first. */
export function Timeline({ events }: { events: AgreementPage["timeline"] }) {
  const { t, dateTime } = useT();
  const describe = (event: AgreementPage["timeline"][number]) => {
    if (event.table === "agreement_signatures") return t(`timeline.signed.${event.party ?? "organisation"}`);
    if (event.table === "agreement_activities" || event.table === "facilitator_namings") {
      return t(`timeline.activity.${event.change ?? "covered"}`, {
        activity: event.activity ?? "–",
        facilitator: event.facilitator ?? "–",
      });
    }
    if (event.action === "insert") return t("timeline.created");
    if (event.action === "delete" || !event.status) return t("timeline.removed");
    return t("timeline.changed", { status: t(`agreementStatus.${event.status}`) });
  };
  return (
    <PageSection heading="agreement.timeline">
      <ol className="grid gap-2">
        {events.map((event, index) => (
          <li key={index}>
            <span className="font-semibold">{dateTime(event.occurred_at)}</span>:{" "}
            {event.actor ? t("agreement.timelineBy", { event: describe(event), actor: event.actor }) : describe(event)}
          </li>
        ))}
      </ol>
    </PageSection>
  );
}
