import { Button, Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActivityFacts } from "~/components/activity-facts";
import { SelectField, TextField } from "~/components/forms";
import { Pager } from "~/components/pager";
import { PlaceHere } from "~/components/place-here";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { osloToday } from "~/lib/format";
import { readForm } from "~/lib/form-body.server";
import { parseForm, type FormFailure } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { organisationKinds, weekdays } from "~/lib/organisations";
import { idParam } from "~/lib/params";
import { placeFields, type PlacementSearch } from "~/lib/participants";

/**
 * Placement without matching: every activity an active agreement with the municipality
 * covers, found by words, category and day, each with a form that places the participant
 * there. The search is a GET form, so it works and can be shared without JavaScript; a value
 * that makes no sense is ignored, not an error.
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "placementSearch.title");

const optional = <T extends z.ZodType>(field: T) => field.optional().catch(undefined);
const filters = z.object({
  sok: optional(z.string().trim().min(1).max(100)),
  kategori: optional(z.enum(organisationKinds)),
  dag: optional(z.coerce.number().int().min(1).max(7)),
  side: optional(z.coerce.number().int().min(1).max(1000)),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const searchParams = new URL(request.url).searchParams;
  const filter = filters.parse(Object.fromEntries([...searchParams].filter(([, value]) => value !== "")));
  const found = await loadApi(supabase, "placement_search", {
    participant_id: idParam(params.participantId),
    search: filter.sok ?? null,
    category: filter.kategori ?? null,
    weekday: filter.dag ?? null,
    page: filter.side ?? 1,
  });
  // The address names the municipality; a participant of another one is not here.
  if (found.participant.municipality_id !== municipalityId) throw new Response(null, { status: 404 });
  return data({ found, filter, today: osloToday() }, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const participantId = idParam(params.participantId);
  const formData = await readForm(request);
  const form = parseForm(formData, placeFields);
  const activityId = String(formData.get("activity_id") ?? "");
  if (!form.success) return data({ activityId, failure: form.failure }, { status: 400, headers });
  const { activity_id, starts_on } = form.data;
  try {
    await callApi(supabase, "place_participant", { participant_id: participantId, activity_id, starts_on });
  } catch (error) {
    return data({ activityId, failure: refusalToForm(error, formData) }, { status: 400, headers });
  }
  // The new placement is listed on the participant's page.
  throw redirect(`/kommune/${municipalityId}/deltakere/${participantId}`, { headers });
}

export default function PlacementSearchPage() {
  const { t, p } = useT();
  const { found, filter, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { activityId: string; failure: FormFailure } | undefined;
  const { participant } = found;
  const filtered = Boolean(filter.sok || filter.kategori || filter.dag);
  const participantPath = `/kommune/${participant.municipality_id}/deltakere/${participant.id}`;
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("placementSearch.heading", { name: participant.first_name })}
      </Heading>
      <Paragraph className="mb-2">
        <TextLink to={participantPath}>{t("placementSearch.back", { name: participant.first_name })}</TextLink>
      </Paragraph>
      <Paragraph className="mb-2 max-w-prose">{t("placementSearch.lead")}</Paragraph>
      {participant.interests.length ? (
        <Paragraph className="mb-6">
          {t("placementSearch.interests", {
            name: participant.first_name,
            interests: participant.interests.join(", "),
          })}
        </Paragraph>
      ) : null}
      <Form method="get" role="search" aria-label={t("placementSearch.filters")} className="mb-8">
        <div className="grid gap-x-4 sm:grid-cols-3">
          <TextField
            name="sok"
            type="text"
            label="catalogue.search"
            maxLength={100}
            failure={undefined}
            defaultValue={filter.sok}
          />
          <SelectField
            name="kategori"
            label="catalogue.category"
            failure={undefined}
            empty={t("catalogue.all")}
            defaultValue={filter.kategori}
            options={organisationKinds.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
          />
          <SelectField
            name="dag"
            label="catalogue.weekday"
            failure={undefined}
            empty={t("catalogue.anyDay")}
            defaultValue={filter.dag?.toString()}
            options={weekdays.map((day) => ({ value: String(day), label: t(`weekday.${day}` as MessageKey) }))}
          />
        </div>
        <div className="flex flex-wrap items-center gap-4">
          <Button type="submit">{t("placementSearch.submit")}</Button>
          {/* A fresh page, so that the fields show their empty defaults again. */}
          {filtered ? (
            <TextLink to={`${participantPath}/plasser`} reloadDocument>
              {t("placementSearch.reset")}
            </TextLink>
          ) : null}
        </div>
      </Form>

      <Heading id="results" level={2} data-size="sm" className="mb-4" aria-live="polite">
        {p("catalogue.count", found.total)}
      </Heading>
      {found.activities.length === 0 ? (
        <Paragraph>{t(filtered ? "placementSearch.none" : "placementSearch.noneAtAll")}</Paragraph>
      ) : (
        <ul aria-labelledby="results" className="grid gap-4">
          {found.activities.map((activity) => (
            <li key={activity.id}>
              <Choice
                activity={activity}
                participant={participant}
                today={today}
                failure={result?.activityId === activity.id ? result.failure : undefined}
              />
            </li>
          ))}
        </ul>
      )}
      {found.total > found.page_size ? <Pager list={found} /> : null}
    </>
  );
}

/** One activity found: who runs it, when, for whom, why it may fit, and the form that places the participant. */
function Choice({
  activity,
  participant,
  today,
  failure,
}: {
  activity: PlacementSearch["activities"][number];
  participant: PlacementSearch["participant"];
  today: string;
  failure: FormFailure | undefined;
}) {
  const { t } = useT();
  const age = Number(today.slice(0, 4)) - participant.birth_year;
  const outsideAges = (activity.age_min ?? 0) > age || (activity.age_max ?? 120) < age;
  return (
    <PlaceHere
      activity={activity}
      today={today}
      failure={failure}
      alreadyPlaced={activity.placed ? t("placementSearch.alreadyPlaced", { name: participant.first_name }) : undefined}
    >
      <Paragraph data-size="sm" className="mb-2">
        {t("placementSearch.by", {
          organisation: activity.organisation_name,
          category: t(`kind.${activity.category}`),
        })}
      </Paragraph>
      <ActivityFacts activity={activity} place={activity.place} />
      {activity.matches.length ? (
        <Paragraph data-size="sm" className="mt-2">
          {t("placementSearch.matches", { interests: activity.matches.join(", ") })}
        </Paragraph>
      ) : null}
      {outsideAges ? (
        <Paragraph data-size="sm" className="mt-2">
          {t("placementSearch.outsideAges", { name: participant.first_name, age })}
        </Paragraph>
      ) : null}
    </PlaceHere>
  );
}
