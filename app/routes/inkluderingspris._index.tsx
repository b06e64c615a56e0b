import { Button, Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { publicPageHeaders } from "~/lib/security-headers.server";
import { createSupabase } from "~/lib/supabase.server";
import { useViewer } from "~/lib/use-viewer";

/** The public roll of honour: every announced winner, per municipality and year. */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "honour.title");

export const headers = publicPageHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = createSupabase(request);
  const kommune = new URL(request.url).searchParams.get("kommune");
  const rounds = await loadApi(supabase, "roll_of_honour", {
    municipality_number: kommune && /^\d{4}$/.test(kommune) ? kommune : null,
  });
  return data(rounds, { headers });
}

export default function RollOfHonour() {
  const { t } = useT();
  const rounds = useLoaderData<typeof loader>();
  const viewer = useViewer();
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("honour.title")}
      </Heading>
      <Paragraph className="mb-4 max-w-prose">{t("honour.lead")}</Paragraph>
      <div className="mb-8 flex flex-wrap items-center gap-4">
        <Button asChild variant="secondary">
          <Link to="nominer">{t("honour.nominate")}</Link>
        </Button>
        {viewer ? <TextLink to="/jury">{t("juryList.title")}</TextLink> : null}
      </div>
      {rounds.length === 0 ? <Paragraph>{t("honour.none")}</Paragraph> : null}
      <div className="grid gap-8">
        {rounds.map((round) => (
          <section key={round.round_id} aria-labelledby={`round-${round.round_id}`}>
            <Heading id={`round-${round.round_id}`} level={2} data-size="md" className="mb-1">
              {t("honour.round", { municipality: round.municipality, year: round.year })}
            </Heading>
            <Paragraph data-size="sm" className="mb-3">
              {round.title}
            </Paragraph>
            <ul className="grid gap-4">
              {round.winners.map((winner) => (
                <li key={winner.organisation_id}>
                  <Heading level={3} data-size="sm" className="mb-1">
                    {winner.name}
                  </Heading>
                  <blockquote className="mb-1 max-w-prose italic">«{winner.citation}»</blockquote>
                  <TextLink to={`/organisasjoner/${winner.organisation_id}/profil`}>
                    {t("honour.profile", { name: winner.name })}
                  </TextLink>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </>
  );
}
