import { Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AuditTimeline } from "~/components/audit-timeline";
import { ErrorSummary, RadioGroupField, SubmitButton, TextareaField, TextField } from "~/components/forms";
import { Detail, PageSection } from "~/components/page-section";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { auditTimeline } from "~/lib/audit";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { osloToday } from "~/lib/format";
import { message, parseForm, type FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { textLimits } from "~/lib/limits";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { placementOutcomes, type PlacementPage } from "~/lib/participants";
import { limitedText, optionalText } from "~/lib/validation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "placementPage.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const page = await loadApi(supabase, "placement_page", { placement_id: idParam(params.placementId) });
  return data({ page, today: osloToday() }, { headers });
}

// The forms that post here: a follow-up entry, ending the placement with its outcome, and a
// planned absence reported or taken back.
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("absence"), on_date: z.iso.date(message("date_required")) }),
  z.object({ intent: z.literal("removeAbsence"), on_date: z.iso.date(message("date_required")) }),
  z.object({
    intent: z.literal("followup"),
    occurred_on: z.iso.date(message("date_required")),
    body: limitedText(textLimits.placement_followups.body).min(1, message("text_required")),
  }),
  z.object({
    intent: z.literal("end"),
    ended_on: z.iso.date(message("date_required")),
    outcome: z.enum(placementOutcomes, message("outcome_required")),
    evaluation: optionalText(textLimits.placements.evaluation),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const placementId = idParam(params.placementId);
  const formData = await readForm(request);
  const intent = String(formData.get("intent"));
  const form = parseForm(formData, schema);
  if (!form.success) return data({ intent, failure: form.failure }, { status: 400, headers });
  try {
    if (form.data.intent === "absence") {
      await callApi(supabase, "add_planned_absence", { placement_id: placementId, on_date: form.data.on_date });
    } else if (form.data.intent === "removeAbsence") {
      await callApi(supabase, "remove_planned_absence", { placement_id: placementId, on_date: form.data.on_date });
    } else if (form.data.intent === "followup") {
      const { occurred_on, body } = form.data;
      await callApi(supabase, "add_followup", { placement_id: placementId, occurred_on, body });
    } else {
      const { ended_on, outcome, evaluation } = form.data;
      await callApi(supabase, "end_placement", { placement_id: placementId, ended_on, outcome, evaluation });
    }
  } catch (error) {
    return data({ intent, failure: refusalToForm(error, formData) }, { status: 400, headers });
  }
  throw redirect(new URL(request.url).pathname, { headers });
}

const absenceLabels = { on_date: "placementPage.absenceDate" } as const;
const followupLabels = { occurred_on: "placementPage.followupDate", body: "placementPage.followupText" } as const;
const endLabels = {
  ended_on: "placementPage.endedOn",
  outcome: "placementPage.outcome",
  evaluation: "placementPage.evaluation",
} as const;

export default function Placement() {
  const { t, date, lang } = useT();
  const { page, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { intent: string; failure: FormFailure } | undefined;
  const failureFor = (intent: string) => (result?.intent === intent ? result.failure : undefined);
  const { placement } = page;
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("placementPage.heading", { name: page.participant?.first_name ?? "–", activity: page.activity.title })}
      </Heading>
      <dl className="mb-8 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
        <Detail term="placementPage.organisation">{page.organisation.name}</Detail>
        <Detail term="placementPage.facilitators">
          <Facilitators history={page.facilitators} />
        </Detail>
        <Detail term="placement.period">
          {date(placement.starts_on)} – {date(placement.ended_on ?? placement.ends_on)}
        </Detail>
        <Detail term="placement.status">
          {t(`placement.${placement.status}`)}
          {placement.outcome ? `: ${t(`outcome.${placement.outcome}`)}` : ""}
        </Detail>
        {placement.evaluation ? <Detail term="placementPage.evaluation">{placement.evaluation}</Detail> : null}
      </dl>
      {page.is_staff ? (
        <Paragraph className="mb-8">
          <TextLink to={`/kommune/${placement.municipality_id}/deltakere/${placement.participant_id}`}>
            {t("placementPage.toParticipant")}
          </TextLink>
        </Paragraph>
      ) : null}

      <div className="grid gap-10 lg:grid-cols-2">
        <PageSection heading="placementPage.attendance">
          {page.attendance.length === 0 ? <Paragraph>{t("placementPage.noAttendance")}</Paragraph> : null}
          {page.attendance.length > 0 ? <Attendance rows={page.attendance} /> : null}
        </PageSection>

        {page.followups ? (
          <PageSection heading="placementPage.followups">
            {page.followups.map((followup, index) => (
              <div key={index} className="mb-4">
                <Paragraph data-size="sm">
                  {date(followup.occurred_on)}
                  {followup.author ? `, ${followup.author}` : ""}
                </Paragraph>
                <Paragraph className="whitespace-pre-line">{followup.body}</Paragraph>
              </div>
            ))}
            <Form method="post" noValidate>
              <ErrorSummary failure={failureFor("followup")} labels={followupLabels} />
              <input type="hidden" name="intent" value="followup" />
              <TextField
                name="occurred_on"
                type="date"
                label={followupLabels.occurred_on}
                defaultValue={today}
                failure={failureFor("followup")}
              />
              <TextareaField
                name="body"
                label={followupLabels.body}
                maxLength={textLimits.placement_followups.body}
                failure={failureFor("followup")}
              />
              <SubmitButton variant="secondary">{t("placementPage.saveFollowup")}</SubmitButton>
            </Form>
          </PageSection>
        ) : null}

        {page.planned_absences && placement.status !== "ended" ? (
          <PlannedAbsences dates={page.planned_absences} today={today} failure={failureFor("absence")} />
        ) : null}

        {page.is_staff && placement.status !== "ended" ? (
          <PageSection heading="placementPage.end">
            <Form method="post" noValidate>
              <ErrorSummary failure={failureFor("end")} labels={endLabels} />
              <input type="hidden" name="intent" value="end" />
              <TextField
                name="ended_on"
                type="date"
                label={endLabels.ended_on}
                defaultValue={today}
                failure={failureFor("end")}
              />
              <RadioGroupField
                name="outcome"
                legend={endLabels.outcome}
                options={placementOutcomes.map((outcome) => ({ value: outcome, label: `outcomeOption.${outcome}` }))}
                failure={failureFor("end")}
              />
              <TextareaField
                name="evaluation"
                label={endLabels.evaluation}
                maxLength={textLimits.placements.evaluation}
                failure={failureFor("end")}
              />
              <SubmitButton>{t("placementPage.endSubmit")}</SubmitButton>
            </Form>
          </PageSection>
        ) : null}

        {page.timeline ? <AuditTimeline entries={auditTimeline(page.timeline, t, lang)} /> : null}
      </div>
    </>
  );
}

/** Who has had the placement: a handover reads as one period ending and the next beginning (R7). */
function Facilitators({ history }: { history: PlacementPage["facilitators"] }) {
  const { t, date } = useT();
  if (history.length === 0) return <>{t("placementPage.noFacilitator")}</>;
  return (
    <ul>
      {history.map((period) => {
        const name = period.display_name ?? period.email;
        const from = date(period.from);
        return (
          <li key={`${period.email}-${period.from}`}>
            {period.to
              ? t("placementPage.facilitatorPeriod", { name, from, to: date(period.to) })
              : t("placementPage.facilitatorSince", { name, from })}
          </li>
        );
      })}
    </ul>
  );
}

function Attendance({ rows }: { rows: PlacementPage["attendance"] }) {
  const { t, date } = useT();
  return (
    <Table>
      <Table.Head>
        <Table.Row>
          <Table.HeaderCell>{t("placementPage.date")}</Table.HeaderCell>
          <Table.HeaderCell>{t("placement.status")}</Table.HeaderCell>
          <Table.HeaderCell>{t("placementPage.note")}</Table.HeaderCell>
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {rows.map((row, index) => (
          <Table.Row key={`${row.date}-${index}`}>
            <Table.Cell>{date(row.date, "short")}</Table.Cell>
            <Table.Cell>{t(`attendance.${row.status}`)}</Table.Cell>
            <Table.Cell>{row.note ?? ""}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}

/** The days ahead the participant will not come, each with a button to take it back, and a form to add one. */
function PlannedAbsences({ dates, today, failure }: { dates: string[]; today: string; failure?: FormFailure }) {
  const { t, date } = useT();
  return (
    <PageSection heading="placementPage.absences">
      <Paragraph className="mb-4">{t("placementPage.absencesLead")}</Paragraph>
      {dates.length === 0 ? <Paragraph className="mb-4">{t("placementPage.noAbsences")}</Paragraph> : null}
      {dates.length > 0 ? (
        <ul className="mb-4 grid gap-2">
          {dates.map((day) => (
            <li key={day} className="flex flex-wrap items-center gap-x-4">
              <span className="first-letter:uppercase">{date(day, "weekday")}</span>
              <Form method="post">
                <input type="hidden" name="intent" value="removeAbsence" />
                <SubmitButton variant="tertiary" data-size="sm" name="on_date" value={day}>
                  {t("placementPage.removeAbsence", { date: date(day, "dayMonth") })}
                </SubmitButton>
              </Form>
            </li>
          ))}
        </ul>
      ) : null}
      <Form method="post" noValidate>
        <ErrorSummary failure={failure} labels={absenceLabels} />
        <input type="hidden" name="intent" value="absence" />
        <TextField name="on_date" type="date" label={absenceLabels.on_date} min={today} failure={failure} />
        <SubmitButton variant="secondary">{t("placementPage.addAbsence")}</SubmitButton>
      </Form>
    </PageSection>
  );
}
