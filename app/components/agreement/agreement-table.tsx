import { Table } from "@digdir/designsystemet-react";
import { TextLink } from "~/components/text-link";
import type { AgreementSummary } from "~/lib/agreements";
import { useT } from "~/lib/i18n/react";
import { AgreementStatusTag } from "./status-tag";

/** Agreements in a list, each linking to its page; `party` is the other side's column. */
export function AgreementTable({
  agreements,
  caption,
  party,
}: {
  agreements: AgreementSummary[];
  caption: string;
  party: "organisation" | "municipality";
}) {
  const { t, date } = useT();
  return (
    <Table>
      <caption className="mb-2 text-left font-semibold">{caption}</caption>
      <Table.Head>
        <Table.Row>
          <Table.HeaderCell>{t(`agreements.${party}`)}</Table.HeaderCell>
          <Table.HeaderCell>{t("agreements.period")}</Table.HeaderCell>
          <Table.HeaderCell>{t("agreements.status")}</Table.HeaderCell>
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {agreements.map((agreement) => (
          <Table.Row key={agreement.id}>
            <Table.Cell>
              <TextLink to={`/avtaler/${agreement.id}`}>{agreement[party].name}</TextLink>
            </Table.Cell>
            <Table.Cell>
              {date(agreement.valid_from, "short")}–{date(agreement.valid_to, "short")}
            </Table.Cell>
            <Table.Cell>
              <AgreementStatusTag status={agreement.status} />
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}
