import { Paragraph } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import { ErrorSummary, FormAlert, SelectField, SubmitButton, TextField } from "./forms";
import { PageSection } from "./page-section";
import type { FacilitatorWeek, WeekSession } from "~/lib/attendance";
import type { FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";

/**
 * Cancelling one session of the week, with an optional reason. Folded away in a <details>
 * (no script needed) so that the attendance form stays what the facilitator sees first; it
 * opens by itself when the cancellation was refused.
 */
export function CancelSession({
  session,
  failure,
}: {
  session: Pick<WeekSession, "id" | "on_date">;
  failure?: FormFailure;
}) {
  const { t, date } = useT();
  return (
    <details className="mt-6" open={failure ? true : undefined}>
      <summary className="cursor-pointer underline">{t("sessions.cancelOpen")}</summary>
      <Form method="post" noValidate className="mt-3">
        <FormAlert failure={failure} heading="sessions.notCancelled" shownAtFields={["reason"]} />
        <input type="hidden" name="intent" value="cancel" />
        <input type="hidden" name="session_id" value={session.id} />
        <TextField
          name="reason"
          id={`reason-${session.id}`}
          label="sessions.reason"
          hint="sessions.reasonHint"
          maxLength={500}
          failure={failure}
        />
        <SubmitButton variant="secondary" data-color="danger">
          {t("sessions.cancel", { date: date(session.on_date, "weekday") })}
        </SubmitButton>
      </Form>
    </details>
  );
}

export const extraSessionLabels = {
  activity_id: "sessions.activity",
  on_date: "sessions.date",
  starts_at: "sessions.startsAt",
  ends_at: "sessions.endsAt",
} as const;

/** Adding a session outside the weekly schedule to one of the caller's activities (no choice if one). */
export function ExtraSession({
  activities,
  defaultDate,
  failure,
}: {
  activities: FacilitatorWeek["activities"];
  defaultDate: string;
  failure?: FormFailure;
}) {
  const { t } = useT();
  if (activities.length === 0) return null;
  return (
    <PageSection heading="sessions.extraHeading">
      <Paragraph className="mb-4">{t("sessions.extraLead")}</Paragraph>
      <ErrorSummary failure={failure} labels={extraSessionLabels} />
      <Form method="post" noValidate className="max-w-md">
        <input type="hidden" name="intent" value="add" />
        {activities.length === 1 ? (
          <input type="hidden" name="activity_id" value={activities[0]!.id} />
        ) : (
          <SelectField
            name="activity_id"
            label={extraSessionLabels.activity_id}
            options={activities.map((activity) => ({ value: activity.id, label: activity.title }))}
            failure={failure}
          />
        )}
        <TextField
          name="on_date"
          type="date"
          label={extraSessionLabels.on_date}
          defaultValue={defaultDate}
          failure={failure}
        />
        <div className="grid grid-cols-2 gap-4">
          <TextField name="starts_at" type="time" label={extraSessionLabels.starts_at} failure={failure} />
          <TextField name="ends_at" type="time" label={extraSessionLabels.ends_at} failure={failure} />
        </div>
        <SubmitButton variant="secondary">{t("sessions.add")}</SubmitButton>
      </Form>
    </PageSection>
  );
}
