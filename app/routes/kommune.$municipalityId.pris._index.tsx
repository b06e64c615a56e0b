import { Button, Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RoundStatusTag, RoundWindow } from "~/components/prize/round-status";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";

/** The municipality's prize rounds, newest first; admins start a new one here. */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "prizeRounds.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const rounds = await loadApi(supabase, "prize_rounds", { municipality_id: idParam(params.municipalityId) });
  return data(rounds, { headers });
}

export default function PrizeRounds() {
  const { t } = useT();
  const { municipality, is_admin: isAdmin, rounds } = useLoaderData<typeof loader>();
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("prizeRounds.heading", { municipality: municipality.name })}
      </Heading>
      <Paragraph className="mb-6 max-w-prose">{t("prizeRounds.lead")}</Paragraph>
      {isAdmin ? (
        <Button asChild className="mb-6">
          <Link to="ny">{t("prizeRounds.new")}</Link>
        </Button>
      ) : null}
      {rounds.length === 0 ? (
        <Paragraph>{t("prizeRounds.none")}</Paragraph>
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <caption className="mb-2 text-left font-semibold">{t("prizeRounds.caption")}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t("prize.roundTitle")}</Table.HeaderCell>
                <Table.HeaderCell>{t("prize.status")}</Table.HeaderCell>
                <Table.HeaderCell>{t("prize.window")}</Table.HeaderCell>
                <Table.HeaderCell>{t("prize.nominations")}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {rounds.map((round) => (
                <Table.Row key={round.id}>
                  <Table.Cell>
                    <TextLink to={round.id}>{round.title}</TextLink>
                  </Table.Cell>
                  <Table.Cell>
                    <RoundStatusTag status={round.status} />
                  </Table.Cell>
                  <Table.Cell>
                    <RoundWindow round={round} />
                  </Table.Cell>
                  <Table.Cell>{round.nominations}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </>
  );
}
