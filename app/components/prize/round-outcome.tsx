import { Paragraph, Table } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import { CheckboxGroup, ErrorSummary, SubmitButton, TextareaField } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import type { FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import type { PrizeRoundAdmin } from "~/lib/prize";

/** The weighted ranking, ties sharing a rank, as the admin sees it while judging and after. */
export function Ranking({ ranking }: { ranking: NonNullable<PrizeRoundAdmin["ranking"]> }) {
  const { t } = useT();
  return (
    <PageSection heading="roundPage.ranking">
      {ranking.length === 0 ? (
        <Paragraph>{t("roundPage.noRanking")}</Paragraph>
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <caption className="mb-2 text-left font-semibold">{t("roundPage.rankingCaption")}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t("roundPage.rank")}</Table.HeaderCell>
                <Table.HeaderCell>{t("roundPage.nominee")}</Table.HeaderCell>
                <Table.HeaderCell>{t("roundPage.weightedScore")}</Table.HeaderCell>
                <Table.HeaderCell>{t("roundPage.jurorsScored")}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {ranking.map((row) => (
                <Table.Row key={row.organisation_id}>
                  <Table.Cell>{row.weighted_score === null ? "–" : row.rank}</Table.Cell>
                  <Table.Cell>{row.name}</Table.Cell>
                  <Table.Cell>{row.weighted_score === null ? "–" : score(row.weighted_score)}</Table.Cell>
                  <Table.Cell>{row.jurors}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </PageSection>
  );
}

/** In place of the ranking for an admin who sits on the round's jury: it waits for the announcement (R8). */
export function RankingHidden() {
  const { t } = useT();
  return (
    <PageSection heading="roundPage.ranking">
      <Paragraph>{t("roundPage.rankingHidden")}</Paragraph>
    </PageSection>
  );
}

const score = (value: number) => new Intl.NumberFormat("nb-NO", { minimumFractionDigits: 2 }).format(value);

/** Choosing the winners, each with the citation the roll of honour shows. */
export function Announce({
  nominees,
  failure,
}: {
  nominees: PrizeRoundAdmin["nominees"];
  failure: FormFailure | undefined;
}) {
  const { t } = useT();
  const labels = Object.fromEntries(
    nominees.map((nominee) => [`citation-${nominee.organisation_id}`, "roundPage.citationShort" as const]),
  );
  return (
    <PageSection heading="roundPage.announce">
      <Paragraph className="mb-4 max-w-prose">{t("roundPage.announceHint")}</Paragraph>
      <ErrorSummary failure={failure} labels={{ winner: "roundPage.winners", ...labels }} />
      <Form method="post" noValidate className="max-w-xl">
        <input type="hidden" name="intent" value="announce" />
        <CheckboxGroup
          name="winner"
          legend="roundPage.winners"
          failure={failure}
          options={nominees.map((nominee) => ({
            value: nominee.organisation_id,
            label: t("roundPage.winner", { name: nominee.name }),
          }))}
        />
        {nominees.map((nominee) => (
          <TextareaField
            key={nominee.organisation_id}
            name={`citation-${nominee.organisation_id}`}
            label="roundPage.citation"
            labelParams={{ name: nominee.name }}
            maxLength={2000}
            rows={3}
            failure={failure}
          />
        ))}
        <SubmitButton>{t("roundPage.announceSubmit")}</SubmitButton>
      </Form>
    </PageSection>
  );
}

/** The announced winners with their citations. */
export function Winners({ page }: { page: PrizeRoundAdmin }) {
  const name = (id: string) => page.nominees.find((nominee) => nominee.organisation_id === id)?.name ?? "";
  return (
    <PageSection heading="roundPage.winners">
      <ul className="grid gap-3">
        {page.winners.map((winner) => (
          <li key={winner.organisation_id}>
            <strong>{name(winner.organisation_id)}</strong>: «{winner.citation}»
          </li>
        ))}
      </ul>
    </PageSection>
  );
}
