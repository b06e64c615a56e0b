import { Button, Card, Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PartnershipTag } from "~/components/partnership-status";
import { loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";

/** Every organisation the person belongs to, across municipalities, with its standing in each. */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "layout.myOrganisations");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  return data(await loadApi(supabase, "my_organisations"), { headers });
}

export default function MyOrganisations() {
  const { t } = useT();
  const organisations = useLoaderData<typeof loader>();
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-4">
        {t("layout.myOrganisations")}
      </Heading>
      {organisations.length === 0 ? <Paragraph className="mb-4">{t("myOrganisations.none")}</Paragraph> : null}
      <ul className="mb-6 grid gap-4">
        {organisations.map((organisation) => (
          <li key={organisation.id}>
            <Card data-color="neutral">
              <Heading level={2} data-size="xs" className="mb-1">
                <Link to={`/organisasjoner/${organisation.id}`}>{organisation.name}</Link>
              </Heading>
              <Paragraph data-size="sm" className="mb-2">
                {t("myOrganisations.summary", {
                  number: organisation.organisation_number,
                  roles: organisation.roles.map((role) => t(`role.${role}`)).join(", "),
                  activities: organisation.activity_count,
                })}
              </Paragraph>
              <ul className="flex flex-wrap gap-x-4 gap-y-1">
                {organisation.partnerships.map((partnership) => (
                  <li key={partnership.municipality_id}>
                    {partnership.municipality_name}: <PartnershipTag status={partnership.status} />
                  </li>
                ))}
              </ul>
            </Card>
          </li>
        ))}
      </ul>
      <Button asChild variant="secondary">
        <Link to="/organisasjoner/ny">{t("home.registerOrganisation")}</Link>
      </Button>
    </>
  );
}
