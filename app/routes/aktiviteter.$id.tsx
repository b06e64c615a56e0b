import { Heading, Link as DsLink, Paragraph } from "@digdir/designsystemet-react";
import type { ReactNode } from "react";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ActivityFacts } from "~/components/activity-facts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { publicPageHeaders } from "~/lib/security-headers.server";
import { createSupabase } from "~/lib/supabase.server";

/** One public activity with the organisation's public profile (R9: visible to all). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const activity_id = idParam(params.id);
  const { supabase, headers } = createSupabase(request);
  const page = await loadApi(supabase, "activity_page", { activity_id });
  return data(page, { headers });
}

export const headers = publicPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, data ? { name: data.activity.title } : "notFound.title");

export default function ActivityPage() {
  const { t, date } = useT();
  const { activity, organisation, other_activities } = useLoaderData<typeof loader>();
  return (
    <article className="grid gap-8 lg:grid-cols-[2fr_1fr]">
      <div>
        <Paragraph data-size="sm" className="mb-2">
          <TextLink to="/aktiviteter">{t("catalogue.back")}</TextLink>
        </Paragraph>
        <Heading level={1} data-size="lg" className="mb-2">
          {activity.title}
        </Heading>
        <Paragraph className="mb-4">
          {t("catalogue.byIn", { organisation: organisation.name, municipality: activity.municipality_name })}
          {" · "}
          {t(`kind.${activity.category}`)}
        </Paragraph>
        {activity.description ? (
          <Paragraph className="mb-6 max-w-prose whitespace-pre-line">{activity.description}</Paragraph>
        ) : null}
        <ActivityFacts activity={activity} place={activity.place} />
        {activity.season_start && activity.season_end ? (
          <Paragraph className="mt-4">
            {t("activity.season", { from: date(activity.season_start), to: date(activity.season_end) })}
          </Paragraph>
        ) : null}
        {activity.adaptations ? (
          <section aria-labelledby="adaptations" className="mt-6">
            <Heading id="adaptations" level={2} data-size="sm" className="mb-2">
              {t("activity.adaptations")}
            </Heading>
            <Paragraph className="max-w-prose whitespace-pre-line">{activity.adaptations}</Paragraph>
          </section>
        ) : null}
      </div>
      <aside aria-labelledby="organisation">
        <Heading id="organisation" level={2} data-size="sm" className="mb-2">
          {organisation.name}
        </Heading>
        {organisation.description ? <Paragraph className="mb-3">{organisation.description}</Paragraph> : null}
        <dl className="mb-4">
          {organisation.postal_town ? <Fact label={t("organisation.town")} value={organisation.postal_town} /> : null}
          {organisation.contact_email ? (
            <Fact
              label={t("field.contactEmail")}
              value={<DsLink href={`mailto:${organisation.contact_email}`}>{organisation.contact_email}</DsLink>}
            />
          ) : null}
          {organisation.contact_phone ? (
            <Fact
              label={t("field.contactPhone")}
              value={
                <DsLink href={`tel:${organisation.contact_phone.replace(/\s/g, "")}`}>
                  {organisation.contact_phone}
                </DsLink>
              }
            />
          ) : null}
        </dl>
        {other_activities.length > 0 ? (
          <>
            <Heading level={3} data-size="xs" className="mb-2">
              {t("catalogue.otherActivities")}
            </Heading>
            <ul className="list-disc pl-5">
              {other_activities.map((other) => (
                <li key={other.id}>
                  <TextLink to={`/aktiviteter/${other.id}`}>{other.title}</TextLink>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </aside>
    </article>
  );
}

function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="mb-1">
      <dt className="inline font-semibold">{label}: </dt>
      <dd className="inline">{value}</dd>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
