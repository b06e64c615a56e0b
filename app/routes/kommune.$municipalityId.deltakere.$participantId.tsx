import { Heading, Paragraph, Table, Tag } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AuditTimeline } from "~/components/audit-timeline";
import { ErrorSummary, SubmitButton, TextareaField } from "~/components/forms";
import { Detail, PageSection } from "~/components/page-section";
import { PlaceHere } from "~/components/place-here";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { auditTimeline } from "~/lib/audit";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { osloToday } from "~/lib/format";
import { message, parseForm, type FormFailure } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { placeFields, type ParticipantPage } from "~/lib/participants";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "participant.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const page = await loadApi(supabase, "participant_page", { participant_id: idParam(params.participantId) });
  // The address names the municipality; a participant of another one is not here.
  if (page.participant.municipality_id !== municipalityId) throw new Response(null, { status: 404 });
  return data({ page, today: osloToday() }, { headers });
}

// Two forms post here: a caseworker note, and "place here" under a suggested activity.
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("note"), body: z.string().trim().min(1, message("text_required")) }),
  placeFields,
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const participantId = idParam(params.participantId);
  const formData = await readForm(request);
  const form = parseForm(formData, schema);
  const intent = String(formData.get("intent"));
  if (!form.success) return data({ intent, failure: form.failure }, { status: 400, headers });
  try {
    if (form.data.intent === "note") {
      await callApi(supabase, "add_participant_note", { participant_id: participantId, body: form.data.body });
    } else {
      const { activity_id, starts_on } = form.data;
      await callApi(supabase, "place_participant", { participant_id: participantId, activity_id, starts_on });
    }
  } catch (error) {
    return data({ intent, failure: refusalToForm(error, formData) }, { status: 400, headers });
  }
  // Back to the page as a fresh GET, so a reload does not post twice.
  throw redirect(new URL(request.url).pathname, { headers });
}

type Result = { intent: string; failure: FormFailure };

export default function Participant() {
  const { t, dateTime, lang } = useT();
  const { page, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const { participant } = page;
  const failureFor = (intent: string, activityId?: string) =>
    result?.intent === intent && (!activityId || result.failure.values.activity_id === activityId)
      ? result.failure
      : undefined;
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {participant.anonymised_at ? t("participant.anonymised") : participant.first_name}
      </Heading>
      <nav aria-label={t("participant.actions")} className="mb-6 flex flex-wrap gap-x-6 gap-y-2">
        {participant.anonymised_at ? null : <TextLink to="endre">{t("participant.edit")}</TextLink>}
        {participant.anonymised_at ? null : <TextLink to="plasser">{t("participant.findActivity")}</TextLink>}
        <TextLink to="innsyn">{t("participant.accessExport")}</TextLink>
      </nav>
      <div className="grid gap-10 lg:grid-cols-2">
        <PageSection heading="participant.details">
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
            <Detail term="participant.birthYear">
              {participant.birth_year} ({t("participant.ageBand", { band: page.age_band })})
            </Detail>
            <Detail term="participant.contactName">
              {[participant.contact_name, participant.contact_phone].filter(Boolean).join(", ") || "–"}
            </Detail>
            <Detail term="participant.activityNote">
              {participant.activity_note || "–"}
              {participant.activity_note ? (
                <span className="block text-sm">
                  {t(participant.share_activity_note ? "participant.noteShared" : "participant.noteNotShared")}
                </span>
              ) : null}
            </Detail>
            <Detail term="participant.interests">
              {participant.interests.length ? (
                <span className="flex flex-wrap gap-2">
                  {participant.interests.map((interest) => (
                    <Tag key={interest}>{interest}</Tag>
                  ))}
                </span>
              ) : (
                "–"
              )}
            </Detail>
            <Detail term="participant.wishes">{participant.wishes || "–"}</Detail>
          </dl>
        </PageSection>

        <PageSection heading="participant.notes">
          <Paragraph data-size="sm" className="mb-4">
            {t("participant.notesPrivate")}
          </Paragraph>
          {page.notes.map((note) => (
            <div key={note.id} className="mb-4">
              <Paragraph data-size="sm">
                {dateTime(note.created_at)}
                {note.author ? `, ${note.author}` : ""}
              </Paragraph>
              <Paragraph className="whitespace-pre-line">{note.body}</Paragraph>
            </div>
          ))}
          <Form method="post" noValidate>
            <ErrorSummary failure={failureFor("note")} labels={{ body: "participant.newNote" }} />
            <input type="hidden" name="intent" value="note" />
            <TextareaField name="body" label="participant.newNote" maxLength={4000} failure={failureFor("note")} />
            <SubmitButton variant="secondary">{t("participant.saveNote")}</SubmitButton>
          </Form>
        </PageSection>

        <PageSection heading="participant.placements">
          {page.placements.length === 0 ? <Paragraph>{t("participant.noPlacements")}</Paragraph> : null}
          {page.placements.length > 0 ? <Placements placements={page.placements} /> : null}
        </PageSection>

        <PageSection heading="participant.suggestions">
          <Paragraph className="mb-4">
            {t("participant.suggestionsLead")} <TextLink to="plasser">{t("participant.searchAll")}</TextLink>
          </Paragraph>
          {page.suggestions.length === 0 ? <Paragraph>{t("participant.noSuggestions")}</Paragraph> : null}
          <div className="grid gap-6">
            {page.suggestions.map((activity) => (
              <PlaceHere key={activity.id} activity={activity} today={today} failure={failureFor("place", activity.id)}>
                <Paragraph data-size="sm">
                  {activity.organisation}
                  {activity.adaptation_tags.length ? ` · ${activity.adaptation_tags.join(", ")}` : ""}
                  {activity.weekdays.length
                    ? ` · ${t("suggestion.meets", { days: activity.weekdays.map((day) => t(`weekday.${day}` as MessageKey)).join(", ") })}`
                    : ""}
                  {activity.matches.length
                    ? ` · ${t("suggestion.matches", { interests: activity.matches.join(", ") })}`
                    : ""}
                </Paragraph>
              </PlaceHere>
            ))}
          </div>
        </PageSection>

        {page.timeline ? <AuditTimeline entries={auditTimeline(page.timeline, t, lang)} /> : null}
      </div>
    </>
  );
}

function Placements({ placements }: { placements: ParticipantPage["placements"] }) {
  const { t, date } = useT();
  return (
    <Table>
      <Table.Head>
        <Table.Row>
          <Table.HeaderCell>{t("placement.activity")}</Table.HeaderCell>
          <Table.HeaderCell>{t("placement.period")}</Table.HeaderCell>
          <Table.HeaderCell>{t("placement.status")}</Table.HeaderCell>
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {placements.map((placement) => (
          <Table.Row key={placement.id}>
            <Table.Cell>
              <TextLink to={`/tiltak/${placement.id}`}>
                {placement.activity}, {placement.organisation}
              </TextLink>
            </Table.Cell>
            <Table.Cell>
              {date(placement.starts_on, "short")}–{date(placement.ended_on ?? placement.ends_on, "short")}
            </Table.Cell>
            <Table.Cell>
              {t(`placement.${placement.status}`)}
              {placement.outcome ? `: ${t(`outcome.${placement.outcome}`)}` : ""}
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}
