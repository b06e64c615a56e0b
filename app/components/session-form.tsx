import { Alert, Button, Field, Fieldset, Heading, Input, Label, Paragraph } from "@digdir/designsystemet-react";
import { FormAlert } from "./forms";
import { CancelSession } from "./session-planning";
import { Form, useNavigation } from "@remix-run/react";
import { ageBand, markFields, type SessionParticipant, type WeekSession } from "~/lib/attendance";
import type { FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { textLimits } from "~/lib/limits";

/** What saving a session answered: saved, or the reason it was not with the marks as sent. */
export type SessionResult = { intent: "save"; sessionId: string } & ({ saved: true } | { failure: FormFailure });

/**
 * One session of the facilitator's week: a radio group per person and one save button, as a
 * plain form so that it works without JavaScript. After a refusal or a failed save the marks
 * come from what was sent, not from the database, so nothing tapped is lost (R12).
 */
export function SessionForm({
  session,
  today,
  result,
  cancelFailure,
}: {
  session: WeekSession;
  today: string;
  result?: SessionResult;
  /** Why cancelling this session was refused, with the reason as typed. */
  cancelFailure?: FormFailure;
}) {
  const { t, date } = useT();
  // Named by day, time and activity together: two sessions can share any one of them.
  const headingId = `session-${session.id}`;
  const activityId = `session-${session.id}-activity`;
  const failure = result && "failure" in result ? result.failure : undefined;
  return (
    <section
      aria-labelledby={`${headingId} ${activityId}`}
      className="rounded-lg border border-[var(--ds-color-neutral-border-subtle)] p-4"
    >
      <Heading id={headingId} level={2} data-size="sm" className="mb-1 first-letter:uppercase">
        {date(session.on_date, "weekday")}, {session.starts_at}–{session.ends_at}
      </Heading>
      <Paragraph id={activityId} className="mb-4">
        {session.activity}
        {session.is_extra ? ` (${t("sessions.extra")})` : ""}
      </Paragraph>
      {session.cancelled ? (
        <Paragraph>
          {t("week.cancelled")}
          {session.cancel_reason ? ` ${t("sessions.cancelReason", { reason: session.cancel_reason })}` : ""}
        </Paragraph>
      ) : session.participants.length === 0 ? (
        <Paragraph>{t("week.noParticipants")}</Paragraph>
      ) : (
        <Form method="post" noValidate>
          <SaveOutcome result={result} />
          <input type="hidden" name="session_id" value={session.id} />
          {session.participants.map((participant) => (
            <PersonMark
              key={participant.placement_id}
              sessionId={session.id}
              participant={participant}
              today={today}
              failure={failure}
            />
          ))}
          <SaveButton sessionId={session.id} />
        </Form>
      )}
      {session.may_plan && !session.cancelled ? <CancelSession session={session} failure={cancelFailure} /> : null}
    </section>
  );
}

function SaveOutcome({ result }: { result?: SessionResult }) {
  const { t } = useT();
  if (!result) return null;
  if ("saved" in result) {
    return (
      <Alert data-color="success" role="status" className="mb-4">
        {t("week.saved")}
      </Alert>
    );
  }
  return (
    <>
      <FormAlert failure={result.failure} heading="week.failedHeading" />
      <Paragraph className="mb-4">{t("week.marksKept")}</Paragraph>
    </>
  );
}

function PersonMark({
  sessionId,
  participant,
  today,
  failure,
}: {
  sessionId: string;
  participant: SessionParticipant;
  today: string;
  failure?: FormFailure;
}) {
  const { t } = useT();
  const fields = markFields(participant.placement_id);
  const status = failure ? failure.values[fields.status] : participant.status;
  const note = failure ? failure.values[fields.note] : (participant.note ?? "");
  const idPrefix = `${sessionId}-${participant.placement_id}`;
  const name = participant.card.first_name;
  return (
    <Fieldset className="mb-6">
      <input type="hidden" name="placement" value={participant.placement_id} />
      <Fieldset.Legend>{t("week.person", { name, band: ageBand(participant.card.birth_year, today) })}</Fieldset.Legend>
      {participant.card.note ? (
        <Fieldset.Description>{t("week.sharedNote", { note: participant.card.note })}</Fieldset.Description>
      ) : null}
      <div className="flex flex-wrap gap-x-8 gap-y-2">
        {(["present", "absent"] as const).map((value) => (
          // A plain div, not <ds-field>: the label must be wired in the HTML, before any script.
          <Field asChild key={value}>
            <div>
              <Input
                type="radio"
                id={`${idPrefix}-${value}`}
                name={fields.status}
                value={value}
                defaultChecked={status === value}
              />
              <Label htmlFor={`${idPrefix}-${value}`} weight="regular">
                {t(value === "present" ? "week.present" : "week.absent")}
              </Label>
            </div>
          </Field>
        ))}
      </div>
      <Field asChild>
        <div className="mt-3">
          <Label htmlFor={`${idPrefix}-note`} weight="regular">
            {t("week.note", { name })}
          </Label>
          <Input
            id={`${idPrefix}-note`}
            name={fields.note}
            defaultValue={note}
            maxLength={textLimits.attendance.note}
          />
        </div>
      </Field>
    </Fieldset>
  );
}

/** Busy only while this session's form is being sent, not every session's. */
function SaveButton({ sessionId }: { sessionId: string }) {
  const { t } = useT();
  const navigation = useNavigation();
  const pending = navigation.state === "submitting" && navigation.formData?.get("session_id") === sessionId;
  return (
    <Button type="submit" loading={pending}>
      {pending ? t("form.pending") : t("week.save")}
    </Button>
  );
}
