import { Alert, Paragraph, Table, Tag } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import { Detail, PageSection } from "~/components/page-section";
import { SubmitButton } from "~/components/forms";
import { TextLink } from "~/components/text-link";
import { claimPeriod, isAnswer, type ClaimPage, type ClaimStatus } from "~/lib/claims";
import { formatKroner } from "~/lib/format";
import { useT } from "~/lib/i18n/react";

const statusColors: Record<ClaimStatus, "neutral" | "info" | "warning" | "success" | "danger"> = {
  draft: "neutral",
  submitted: "info",
  needs_info: "warning",
  approved: "success",
  paid: "success",
  rejected: "danger",
  withdrawn: "neutral",
};

/**
 * A claim's status as a coloured tag with the words in it. A claim sent again after a request
 * for more information is the club's answer, and says so.
 */
export function ClaimStatusTag({ status, answered = false }: { status: ClaimStatus; answered?: boolean }) {
  const { t } = useT();
  return (
    <Tag data-color={statusColors[status]} data-size="sm">
      {t(status === "submitted" && answered ? "claimStatus.answered" : `claimStatus.${status}`)}
    </Tag>
  );
}

/** What the claim is for, under which terms, and where it stands. */
export function ClaimDetails({ page }: { page: ClaimPage }) {
  const { t, date } = useT();
  const { claim, agreement } = page;
  return (
    <dl className="mb-8 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
      <Detail term="claim.organisation">
        {page.organisation.name} ({page.organisation.organisation_number})
      </Detail>
      <Detail term="claim.participant">
        {t("claim.participantIn", { name: page.participant?.first_name ?? "–", activity: page.placement.activity })}
      </Detail>
      <Detail term="claim.placementPeriod">
        {date(page.placement.starts_on)} – {date(page.placement.ends_on)}
      </Detail>
      <Detail term="claim.kind">{t(`claimKind.${claim.kind}`)}</Detail>
      <Detail term={claim.kind === "utstyr" ? "claim.purchaseDate" : "claim.period"}>{claimPeriod(claim)}</Detail>
      <Detail term="claim.amount">{formatKroner(claim.amount_ore)}</Detail>
      {claim.description ? (
        <Detail term={claim.kind === "utstyr" ? "claim.description" : "claim.note"}>{claim.description}</Detail>
      ) : null}
      <Detail term="claim.status">
        {/* The caseworker sees the club's answer as one; for the club it is simply sent. */}
        <ClaimStatusTag status={claim.status} answered={page.can.decide && isAnswer(claim)} />
      </Detail>
      {claim.decision_reason ? <Detail term="claim.decisionReason">{claim.decision_reason}</Detail> : null}
      {claim.over_limit_reason ? <Detail term="claim.overLimitReason">{claim.over_limit_reason}</Detail> : null}
      {claim.paid_on ? (
        <Detail term="claim.paid">
          {t("claim.paidOn", { date: date(claim.paid_on), reference: claim.payment_reference ?? "" })}
        </Detail>
      ) : null}
      <Detail term="claim.fee">
        {t(`fee.${page.placement.fee_period}`, { amount: formatKroner(page.placement.fee_ore) })}
      </Detail>
      <Detail term="claim.coveredFees">{agreement.covered_fees || "–"}</Detail>
      <Detail term="claim.equipmentCap">{formatKroner(agreement.equipment_cap_ore)}</Detail>
      <Detail term="claim.compensation">{formatKroner(agreement.compensation_ore)}</Detail>
    </dl>
  );
}

/**
 * R13 for the municipality's staff: who approved (attested) the claim and who authorised it
 * for payment, or that it waits for that, or that the municipality pays in one step.
 */
export function ClaimSteps({ page }: { page: ClaimPage }) {
  const { t, dateTime } = useT();
  const { steps, claim } = page;
  if (!steps || (claim.status !== "approved" && claim.status !== "paid")) return null;
  const byAt = (name: string | null, when: string | null) =>
    t("claim.byAt", { name: name ?? "–", when: when ? dateTime(when) : "–" });
  return (
    <PageSection heading="claim.steps">
      <dl className="mb-8 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
        <Detail term="claim.approvedBy">{byAt(steps.approved_by, steps.approved_at)}</Detail>
        <Detail term="claim.authorisedBy">
          {steps.one_step
            ? t("claim.oneStep")
            : steps.authorised_at
              ? byAt(steps.authorised_by, steps.authorised_at)
              : t("claim.awaitingAuthorisation")}
        </Detail>
      </dl>
    </PageSection>
  );
}

/** Identical receipts (same SHA-256) in other claims: shown to both sides, so neither pays twice. */
export function DuplicateWarning({ duplicates }: { duplicates: string[] }) {
  const { t } = useT();
  if (duplicates.length === 0) return null;
  return (
    <Alert data-color="warning" className="mb-6">
      <Paragraph>{t("claim.duplicates", { references: duplicates.join(", ") })}</Paragraph>
    </Alert>
  );
}

/** The receipts, each opened through a short-lived signed link; images are shown inline. */
export function Receipts({ page, canRemove }: { page: ClaimPage; canRemove: boolean }) {
  const { t } = useT();
  return (
    <PageSection heading="claim.receipts">
      {page.receipts.length === 0 ? <Paragraph className="mb-4">{t("claim.noReceipts")}</Paragraph> : null}
      <ul className="mb-6 grid gap-4">
        {page.receipts.map((receipt) => {
          const href = `/refusjoner/${page.claim.id}/kvitteringer/${receipt.id}`;
          return (
            <li key={receipt.id} className="grid gap-2">
              <span>
                <TextLink to={href} reloadDocument target="_blank" rel="noopener">
                  {t("claim.openReceipt", { name: receipt.file_name })}
                </TextLink>{" "}
                ({Math.ceil(receipt.size_bytes / 1024)} kB)
              </span>
              {receipt.content_type === "image/png" || receipt.content_type === "image/jpeg" ? (
                <img
                  src={href}
                  alt={t("claim.receiptImage", { name: receipt.file_name })}
                  loading="lazy"
                  className="max-h-96 max-w-full border"
                />
              ) : null}
              {receipt.content_type === "application/pdf" ? (
                <object
                  data={href}
                  type="application/pdf"
                  className="h-96 w-full border"
                  aria-label={receipt.file_name}
                >
                  {t("claim.pdfFallback")}
                </object>
              ) : null}
              {canRemove ? (
                <Form method="post">
                  <input type="hidden" name="receipt_id" value={receipt.id} />
                  <SubmitButton name="intent" value="remove_receipt" variant="tertiary" data-size="sm">
                    {t("claim.removeReceipt", { name: receipt.file_name })}
                  </SubmitButton>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ul>
    </PageSection>
  );
}

/** Questions from the municipality and the organisation's answers. */
export function ClaimMessages({ messages }: { messages: ClaimPage["messages"] }) {
  const { t, dateTime } = useT();
  if (messages.length === 0) return null;
  return (
    <PageSection heading="claim.messages">
      <ul className="mb-6 grid gap-4">
        {messages.map((entry, index) => (
          <li key={index}>
            <Paragraph data-size="sm">
              {t(entry.from_municipality ? "claim.fromMunicipality" : "claim.fromOrganisation", {
                when: dateTime(entry.created_at),
              })}
              {/* The other side's name is not always theirs to read; the side always is. */}
              {entry.author ? ` (${entry.author})` : ""}
            </Paragraph>
            <Paragraph className="whitespace-pre-line">{entry.body}</Paragraph>
          </li>
        ))}
      </ul>
    </PageSection>
  );
}

/** Every change of status and the authorisation, who made it and when (from the audit trail). */
export function ClaimHistory({ history }: { history: ClaimPage["history"] }) {
  const { t, dateTime } = useT();
  return (
    <PageSection heading="claim.history">
      <ol className="mb-6 grid gap-1">
        {history.map((entry, index) => (
          <li key={index}>
            {dateTime(entry.occurred_at)}:{" "}
            {entry.authorised ? t("claim.historyAuthorised") : t(`claimStatus.${entry.status}`)}
            {entry.actor ? ` (${entry.actor})` : ""}
          </li>
        ))}
      </ol>
    </PageSection>
  );
}

/** The participant's other claims in the claim's budget year. */
export function EarlierClaims({ claims }: { claims: ClaimPage["earlier_claims"] }) {
  const { t } = useT();
  return (
    <PageSection heading="claim.earlier">
      {claims.length === 0 ? (
        <Paragraph className="mb-6">{t("claim.noEarlier")}</Paragraph>
      ) : (
        <Table className="mb-6">
          <caption className="sr-only">{t("claim.earlier")}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t("claim.reference")}</Table.HeaderCell>
              <Table.HeaderCell>{t("claim.kind")}</Table.HeaderCell>
              <Table.HeaderCell>{t("claim.status")}</Table.HeaderCell>
              <Table.HeaderCell>{t("claim.amount")}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {claims.map((claim) => (
              <Table.Row key={claim.id}>
                <Table.Cell>
                  <TextLink to={`/refusjoner/${claim.id}`}>{claim.reference}</TextLink>
                </Table.Cell>
                <Table.Cell>{t(`claimKind.${claim.kind}`)}</Table.Cell>
                <Table.Cell>{t(`claimStatus.${claim.status}`)}</Table.Cell>
                <Table.Cell>{formatKroner(claim.amount_ore)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </PageSection>
  );
}
