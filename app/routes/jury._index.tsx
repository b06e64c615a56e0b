import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";

/** The prize rounds the signed-in person is a juror of. */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "juryList.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  return data(await loadApi(supabase, "my_jury_rounds"), { headers });
}

export default function MyJuryRounds() {
  const { t } = useT();
  const rounds = useLoaderData<typeof loader>();
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-4">
        {t("juryList.title")}
      </Heading>
      {rounds.length === 0 ? <Paragraph>{t("juryList.none")}</Paragraph> : null}
      <ul className="grid gap-2">
        {rounds.map((round) => (
          <li key={round.id}>
            <TextLink to={`/jury/${round.id}`}>
              {t("juryList.item", {
                title: round.title,
                municipality: round.municipality,
                status: t(`roundStatus.${round.status}`),
              })}
            </TextLink>
          </li>
        ))}
      </ul>
    </>
  );
}
