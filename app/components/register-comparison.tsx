import { Alert, Paragraph, Table, Tag } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { SubmitButton } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import { registerFlags } from "~/components/register-lookup";
import { ScrollRegion } from "~/components/scroll-region";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import type { Organisation } from "~/lib/organisations";
import { addressLine, normaliseName, type RegisterChange, type RegisterSnapshot } from "~/lib/register";

export type RegisterNotice = "refreshed" | "failed" | "reviewed";

const notices: Record<RegisterNotice, { key: MessageKey; color: "success" | "warning" }> = {
  refreshed: { key: "brreg.refreshed", color: "success" },
  failed: { key: "brreg.refreshFailed", color: "warning" },
  reviewed: { key: "brreg.reviewed", color: "success" },
};

/**
 * The caseworker's view of Enhetsregisteret beside what the club typed, the changes the daily
 * re-check found that nobody in the municipality has marked as seen, and a button to look the
 * organisation up again.
 */
export function RegisterComparison({
  organisation,
  register,
  changes,
  notice,
}: {
  organisation: Organisation;
  register: RegisterSnapshot | null;
  changes: RegisterChange[];
  notice: RegisterNotice | undefined;
}) {
  const { t, dateTime } = useT();
  return (
    <PageSection heading="brreg.heading">
      {notice ? (
        <Alert data-color={notices[notice].color} role="status" className="mb-4">
          <Paragraph>{t(notices[notice].key)}</Paragraph>
        </Alert>
      ) : null}
      {changes.length > 0 ? <Changes changes={changes} /> : null}
      {!register ? (
        <Paragraph className="mb-4">{t("brreg.notFetched")}</Paragraph>
      ) : register.outcome === "not_found" ? (
        <Alert data-color="warning" className="mb-4">
          <Paragraph>{t("brreg.notFoundStaff")}</Paragraph>
        </Alert>
      ) : (
        <Comparison organisation={organisation} register={register} />
      )}
      {register ? (
        <Paragraph data-size="sm" className="mb-4">
          {t("brreg.fetchedAt", { time: dateTime(register.fetched_at) })}
        </Paragraph>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="refresh_register" />
        <SubmitButton variant="secondary">{t("brreg.refresh")}</SubmitButton>
      </Form>
    </PageSection>
  );
}

function Comparison({ organisation, register }: { organisation: Organisation; register: RegisterSnapshot }) {
  const translator = useT();
  const { t } = translator;
  const typedAddress = [
    organisation.postal_address,
    [organisation.postal_code, organisation.postal_town].join(" ").trim(),
  ]
    .filter(Boolean)
    .join(", ");
  const registeredAddress = addressLine(register.postal_address ?? register.business_address);
  const flags = registerFlags(register, translator);
  const rows: { term: MessageKey; typed: string; registered: ReactNode; differs?: boolean }[] = [
    {
      term: "brreg.name",
      typed: organisation.name,
      registered: register.name ?? "–",
      differs: register.name !== null && normaliseName(register.name) !== normaliseName(organisation.name),
    },
    {
      term: "brreg.address",
      typed: typedAddress || "–",
      registered: registeredAddress || "–",
      differs: Boolean(registeredAddress) && normaliseName(registeredAddress) !== normaliseName(typedAddress),
    },
    {
      term: "brreg.form",
      typed: "–",
      registered:
        [register.form_description, register.form_code && `(${register.form_code})`].filter(Boolean).join(" ") || "–",
    },
    { term: "brreg.businessAddress", typed: "–", registered: addressLine(register.business_address) || "–" },
    {
      term: "brreg.voluntary",
      typed: "–",
      registered: t(register.voluntary_register ? "brreg.voluntaryYes" : "brreg.voluntaryNo"),
    },
    {
      term: "brreg.status",
      typed: "–",
      registered: flags ? (
        <Tag data-color="danger" data-size="sm">
          {flags}
        </Tag>
      ) : (
        t("brreg.statusOk")
      ),
    },
  ];
  return (
    <ScrollRegion label={t("brreg.compareCaption")}>
      <Table className="mb-2">
        <caption className="sr-only">{t("brreg.compareCaption")}</caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>{t("brreg.field")}</Table.HeaderCell>
            <Table.HeaderCell>{t("brreg.typed")}</Table.HeaderCell>
            <Table.HeaderCell>{t("brreg.registered")}</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {rows.map((row) => (
            <Table.Row key={row.term}>
              <Table.HeaderCell scope="row">{t(row.term)}</Table.HeaderCell>
              <Table.Cell>{row.typed}</Table.Cell>
              <Table.Cell>
                {row.registered}
                {row.differs ? (
                  <>
                    {" "}
                    <Tag data-color="warning" data-size="sm">
                      {t("brreg.differs")}
                    </Tag>
                  </>
                ) : null}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </ScrollRegion>
  );
}

function Changes({ changes }: { changes: RegisterChange[] }) {
  const { t, dateTime } = useT();
  return (
    <Alert data-color="warning" className="mb-4">
      <Paragraph className="mb-2 font-semibold">{t("brreg.changes")}</Paragraph>
      <ul className="grid gap-2">
        {changes.map((change) => (
          <li key={change.id} className="flex flex-wrap items-center gap-3">
            <span>
              {t(`brreg.change.${change.kind}`, {
                previous: change.previous_name ?? "–",
                current: change.current_name ?? "–",
              })}{" "}
              ({t("brreg.changeDetected", { time: dateTime(change.detected_at) })})
            </span>
            <Form method="post">
              <input type="hidden" name="intent" value="review_change" />
              <input type="hidden" name="change_id" value={change.id} />
              <SubmitButton variant="tertiary" data-size="sm">
                {t("brreg.review")}
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
    </Alert>
  );
}
