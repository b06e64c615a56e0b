import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { lastOsloDay } from "~/lib/prize";
import { createSupabase } from "~/lib/supabase.server";

/** The rounds open for nominations now, each leading to its form. */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "openRounds.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = createSupabase(request);
  const { rounds } = await loadApi(supabase, "nomination_form", {});
  return data(
    rounds.map(({ id, title, municipality, closes_at }) => ({ id, title, municipality, closes_at })),
    { headers },
  );
}

export default function OpenRounds() {
  const { t, date } = useT();
  const rounds = useLoaderData<typeof loader>();
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("openRounds.title")}
      </Heading>
      <Paragraph className="mb-6 max-w-prose">{t("openRounds.lead")}</Paragraph>
      {rounds.length === 0 ? <Paragraph>{t("openRounds.none")}</Paragraph> : null}
      <ul className="grid gap-2">
        {rounds.map((round) => (
          <li key={round.id}>
            <TextLink to={`/inkluderingspris/${round.id}`}>
              {t("openRounds.item", {
                title: round.title,
                municipality: round.municipality,
                date: date(lastOsloDay(round.closes_at)),
              })}
            </TextLink>
          </li>
        ))}
      </ul>
    </>
  );
}
