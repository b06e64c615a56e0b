import { Alert, Button, Fieldset, Heading, Input, Label, Paragraph } from "@digdir/designsystemet-react";
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { FieldDiv, FormAlert } from "./forms";
import { CancelSession } from "./session-planning";
import { ageIn, markFields, type SessionParticipant, type WeekSession } from "~/lib/attendance";
import type { FormFailure } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import { textLimits } from "~/lib/limits";
import { newSaveKey } from "~/lib/outbox";

/**
 * What saving a session answered: saved; kept on the phone to be sent later; refused or
 * failed with the marks as sent; or, from "Alle til stede" without JavaScript, the form to
 * show with everyone present.
 */
export type SessionResult = { sessionId: string } & (
  | { intent: "save"; saved: true }
  | { intent: "save"; queued: true; unchanged: true }
  | { intent: "save"; failure: FormFailure }
  | { intent: "allPresent"; unchanged: true }
);

export type History = { on_date: string; status: SessionParticipant["status"] }[];

/**
 * One session of the facilitator's week: a radio group per person and one save button, as a
 * plain form so that it works without JavaScript. After a refusal or a failed save the marks
 * come from what was sent, not from the database, so nothing tapped is lost (R12). Marks that
 * cannot be changed here (R4: the day has not come, or the edit window has closed) are shown
 * as text with the reason, before anyone tries.
 */
export function SessionForm({
  session,
  today,
  userId,
  saveKey,
  history,
  result,
  cancelFailure,
}: {
  session: WeekSession;
  today: string;
  userId: string;
  /** The key of a save made without JavaScript; with it, each tap of "Lagre" makes its own. */
  saveKey: string;
  history: Record<string, History>;
  result?: SessionResult;
  /** Why cancelling this session was refused, with the reason as typed. */
  cancelFailure?: FormFailure;
}) {
  const { t, date } = useT();
  // Named by day, time and activity together: two sessions can share any one of them.
  const headingId = `session-${session.id}`;
  const activityId = `session-${session.id}-activity`;
  const label = `${date(session.on_date, "weekday")}, ${session.starts_at}–${session.ends_at}`;
  const open = session.participants.filter((participant) => !participant.locked);
  // A save refused while the page was open (the window closed meanwhile) comes back as a form
  // with the reason and what was tapped, even though the marks are now locked.
  const refused = result?.intent === "save" && "failure" in result;
  const lockedReason = session.participants.find((participant) => participant.locked);
  return (
    <section
      aria-labelledby={`${headingId} ${activityId}`}
      className="rounded-lg border border-[var(--ds-color-neutral-border-subtle)] p-4"
    >
      <Heading id={headingId} level={2} data-size="sm" className="mb-1 first-letter:uppercase">
        {label}
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
      ) : open.length === 0 && !refused ? (
        <>
          {lockedReason ? <LockedReason participant={lockedReason} /> : null}
          <ul className="grid gap-4">
            {session.participants.map((participant) => (
              <li key={participant.placement_id}>
                <PersonFacts participant={participant} today={today} history={history[participant.placement_id]} />
              </li>
            ))}
          </ul>
        </>
      ) : (
        <Marks
          session={session}
          label={`${label}, ${session.activity}`}
          today={today}
          userId={userId}
          saveKey={saveKey}
          history={history}
          result={result}
        />
      )}
      {session.may_plan && !session.cancelled ? <CancelSession session={session} failure={cancelFailure} /> : null}
    </section>
  );
}

function Marks({
  session,
  label,
  today,
  userId,
  saveKey,
  history,
  result,
}: {
  session: WeekSession;
  label: string;
  today: string;
  userId: string;
  saveKey: string;
  history: Record<string, History>;
  result?: SessionResult;
}) {
  const { t } = useT();
  const formRef = useRef<HTMLFormElement>(null);
  const [allPresentTapped, setAllPresentTapped] = useState(false);
  const failure = result?.intent === "save" && "failure" in result ? result.failure : undefined;
  const allPresent = result?.intent === "allPresent";
  const open = session.participants.filter((participant) => !participant.locked);

  // With JavaScript "Alle til stede" fills in the form where it is, keeping notes typed.
  function markAllPresent(event: FormEvent) {
    event.preventDefault();
    for (const participant of open) {
      if (participant.planned_absence) continue;
      const radio = formRef.current?.elements.namedItem(markFields(participant.placement_id).status);
      if (radio instanceof RadioNodeList) radio.value = "present";
    }
    setAllPresentTapped(true);
  }
  // Each tap of "Lagre" is a save of its own, sent once however often it is retried.
  function freshKey(event: FormEvent<HTMLFormElement>) {
    const key = event.currentTarget.elements.namedItem("save_key");
    if (key instanceof HTMLInputElement) key.value = newSaveKey();
    setAllPresentTapped(false);
  }

  return (
    <>
      <Form method="post" onSubmit={markAllPresent} className="mb-4">
        <input type="hidden" name="intent" value="allPresent" />
        <input type="hidden" name="session_id" value={session.id} />
        <Button type="submit" variant="secondary">
          {t("week.allPresent")}
        </Button>
      </Form>
      <AllPresentNote shown={allPresent || allPresentTapped} anyAbsence={open.some((p) => p.planned_absence)} />
      <Form method="post" noValidate ref={formRef} onSubmit={freshKey}>
        <input type="hidden" name="session_id" value={session.id} />
        <input type="hidden" name="save_key" defaultValue={saveKey} />
        <input type="hidden" name="user_id" value={userId} />
        <input type="hidden" name="session_label" value={label} />
        {session.participants.map((participant) =>
          participant.locked && !failure ? (
            <div key={participant.placement_id} className="mb-6">
              <PersonFacts participant={participant} today={today} history={history[participant.placement_id]} />
              <LockedReason participant={participant} />
            </div>
          ) : (
            <PersonMark
              key={participant.placement_id}
              sessionId={session.id}
              participant={participant}
              today={today}
              history={history[participant.placement_id]}
              failure={failure}
              allPresent={allPresent}
            />
          ),
        )}
        <SaveButton sessionId={session.id} />
        <SaveOutcome result={result?.intent === "save" ? result : undefined} />
      </Form>
    </>
  );
}

/**
 * What "Alle til stede" did and what to do next, right below the button. It takes the focus,
 * so that it is read out and the list of people follows; without JavaScript the page opens
 * at it, as at the answer to "Lagre".
 */
function AllPresentNote({ shown, anyAbsence }: { shown: boolean; anyAbsence: boolean }) {
  const { t } = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown]);
  if (!shown) return null;
  return (
    // eslint-disable-next-line jsx-a11y/no-autofocus -- see SaveOutcome
    <div ref={ref} role="status" tabIndex={-1} autoFocus className="mb-4">
      <Paragraph>{t(anyAbsence ? "week.allPresentButAbsence" : "week.allPresentDone")}</Paragraph>
    </div>
  );
}

/**
 * The answer to "Lagre", right below it. It takes the focus when it appears, so that a screen
 * reader reads it and a phone scrolls to it; without JavaScript the page opens at it
 * (`autofocus` in the HTML).
 */
function SaveOutcome({ result }: { result?: Extract<SessionResult, { intent: "save" }> }) {
  const { t } = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result) ref.current?.focus();
  }, [result]);
  if (!result) return null;
  return (
    // The page a form post without JavaScript opens is the answer to that post: its focus belongs here.
    // eslint-disable-next-line jsx-a11y/no-autofocus
    <div ref={ref} tabIndex={-1} autoFocus className="mt-4">
      {"saved" in result ? (
        <Alert data-color="success" role="status">
          {t("week.saved")}
        </Alert>
      ) : "queued" in result ? (
        <Alert data-color="info" role="status">
          {t("week.queued")}
        </Alert>
      ) : (
        <>
          <FormAlert failure={result.failure} heading="week.failedHeading" />
          <Paragraph>{t("week.marksKept")}</Paragraph>
        </>
      )}
    </div>
  );
}

const lockedMessages: Record<NonNullable<SessionParticipant["locked"]>, MessageKey> = {
  attendance_edit_window_closed: "week.lockedWindow",
  attendance_in_future: "week.lockedFuture",
};

function LockedReason({ participant }: { participant: SessionParticipant }) {
  const { t } = useT();
  if (!participant.locked) return null;
  return (
    <Paragraph className="mb-4">{t(lockedMessages[participant.locked], { days: participant.window_days })}</Paragraph>
  );
}

const statusMessages = {
  present: "attendance.present",
  absent: "attendance.absent",
  cancelled: "attendance.cancelled",
} as const satisfies Record<string, MessageKey>;

/** A person whose mark cannot be changed here: who they are, and the mark as it stands. */
function PersonFacts({
  participant,
  today,
  history,
}: {
  participant: SessionParticipant;
  today: string;
  history?: History;
}) {
  const { t } = useT();
  const name = participant.card.first_name;
  return (
    <>
      <Paragraph className="font-semibold">
        {t("week.person", { name, age: ageIn(participant.card.birth_year, today) })}
        {participant.locked === "attendance_in_future"
          ? ""
          : `: ${participant.status ? t(statusMessages[participant.status]) : t("week.notLogged")}`}
        {participant.note ? ` (${participant.note})` : ""}
      </Paragraph>
      <PersonDetails participant={participant} history={history} />
    </>
  );
}

/** What the facilitator should know: the shared note, a reported absence, the last sessions. */
function PersonDetails({ participant, history }: { participant: SessionParticipant; history?: History }) {
  const { t } = useT();
  return (
    <>
      {participant.card.note ? <Paragraph>{t("week.sharedNote", { note: participant.card.note })}</Paragraph> : null}
      {participant.planned_absence ? <Paragraph className="font-semibold">{t("week.plannedAbsence")}</Paragraph> : null}
      {history && history.length > 0 ? <AttendanceTrail history={history} /> : null}
    </>
  );
}

const trailSymbols = { present: "✓", absent: "✗", cancelled: "–", unlogged: "?" };

/**
 * The last sessions as a row of marks, so that someone drifting away shows at a glance; a
 * screen reader hears each date and mark instead of the symbols.
 */
export function AttendanceTrail({ history }: { history: History }) {
  const { t, p, date } = useT();
  return (
    <Paragraph data-size="sm">
      {p("week.history", history.length)}:{" "}
      <span aria-hidden="true" className="font-mono tracking-widest">
        {history.map((entry) => trailSymbols[entry.status ?? "unlogged"]).join("")}
      </span>
      <span className="sr-only">
        {history
          .map((entry) =>
            t("week.historyMark", {
              date: date(entry.on_date, "dayMonth"),
              status: entry.status ? t(statusMessages[entry.status]) : t("week.notLogged"),
            }),
          )
          .join("; ")}
      </span>
    </Paragraph>
  );
}

function PersonMark({
  sessionId,
  participant,
  today,
  history,
  failure,
  allPresent,
}: {
  sessionId: string;
  participant: SessionParticipant;
  today: string;
  history?: History;
  failure?: FormFailure;
  /** "Alle til stede" was tapped without JavaScript: present, unless an absence was reported. */
  allPresent: boolean;
}) {
  const { t } = useT();
  const fields = markFields(participant.placement_id);
  const kept = participant.status ?? (participant.planned_absence ? "absent" : null);
  const status = failure
    ? failure.values[fields.status]
    : allPresent && !participant.planned_absence
      ? "present"
      : kept;
  const note = failure ? failure.values[fields.note] : (participant.note ?? "");
  const idPrefix = `${sessionId}-${participant.placement_id}`;
  const name = participant.card.first_name;
  return (
    <Fieldset className="mb-6">
      <input type="hidden" name="placement" value={participant.placement_id} />
      <input type="hidden" name={`name-${participant.placement_id}`} value={name} />
      <Fieldset.Legend>{t("week.person", { name, age: ageIn(participant.card.birth_year, today) })}</Fieldset.Legend>
      <Fieldset.Description asChild>
        <div>
          <PersonDetails participant={participant} history={history} />
        </div>
      </Fieldset.Description>
      <div className="flex flex-wrap gap-x-8 gap-y-2">
        {(["present", "absent"] as const).map((value) => (
          // A plain div, not <ds-field>: the label must be wired in the HTML, before any script.
          <FieldDiv key={value}>
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
          </FieldDiv>
        ))}
      </div>
      <FieldDiv className="mt-3">
        <Label htmlFor={`${idPrefix}-note`} weight="regular">
          {t("week.note", { name })}
        </Label>
        <Input id={`${idPrefix}-note`} name={fields.note} defaultValue={note} maxLength={textLimits.attendance.note} />
      </FieldDiv>
    </Fieldset>
  );
}

/** Busy only while this session's form is being sent, not every session's. */
function SaveButton({ sessionId }: { sessionId: string }) {
  const { t } = useT();
  const navigation = useNavigation();
  const pending =
    navigation.state === "submitting" &&
    navigation.formData?.get("session_id") === sessionId &&
    navigation.formData?.get("intent") !== "allPresent";
  return (
    <Button type="submit" loading={pending}>
      {pending ? t("form.pending") : t("week.save")}
    </Button>
  );
}
