import { Heading, Link as DsLink, Paragraph } from "@digdir/designsystemet-react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { createSupabase } from "~/lib/supabase.server";

/** An organisation's public profile and open activities (R9: visible to all); the roll of honour links here. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = createSupabase(request);
  const profile = await loadApi(supabase, "organisation_profile", { organisation_id: idParam(params.id) });
  return data(profile, { headers });
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, data ? { name: data.organisation.name } : "notFound.title");

export default function OrganisationProfile() {
  const { t } = useT();
  const { organisation, municipalities, activities } = useLoaderData<typeof loader>();
  return (
    <article className="max-w-prose">
      <Heading level={1} data-size="lg" className="mb-2">
        {organisation.name}
      </Heading>
      <Paragraph className="mb-4">{t(`kind.${organisation.kind}`)}</Paragraph>
      {organisation.description ? <Paragraph className="mb-4">{organisation.description}</Paragraph> : null}
      <dl className="mb-6 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1">
        {municipalities.length > 0 ? (
          <>
            <dt className="font-semibold">{t("profile.municipalities")}</dt>
            <dd>{municipalities.join(", ")}</dd>
          </>
        ) : null}
        {organisation.postal_town ? (
          <>
            <dt className="font-semibold">{t("organisation.town")}</dt>
            <dd>{organisation.postal_town}</dd>
          </>
        ) : null}
        {organisation.contact_email ? (
          <>
            <dt className="font-semibold">{t("field.contactEmail")}</dt>
            <dd>
              <DsLink href={`mailto:${organisation.contact_email}`}>{organisation.contact_email}</DsLink>
            </dd>
          </>
        ) : null}
      </dl>
      <Heading level={2} data-size="md" className="mb-2">
        {t("profile.activities")}
      </Heading>
      {activities.length === 0 ? <Paragraph>{t("profile.noActivities")}</Paragraph> : null}
      <ul className="list-disc pl-5">
        {activities.map((activity) => (
          <li key={activity.id}>
            <TextLink to={`/aktiviteter/${activity.id}`}>{activity.title}</TextLink>
          </li>
        ))}
      </ul>
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
