import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  useActionData,
  useLoaderData,
  type ClientActionFunctionArgs,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { getISOWeek, parseISO } from "date-fns";
import { z } from "zod";
import { SessionForm, type SessionResult } from "~/components/session-form";
import { ExtraSession } from "~/components/session-planning";
import { TextLink } from "~/components/text-link";
import { OutboxPanel } from "~/components/outbox-panel";
import { callApi } from "~/lib/api.server";
import { hasMarks, marksFromForm, shiftDate } from "~/lib/attendance";
import { saveSessionMarks } from "~/lib/attendance-save.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { changedNothing, refuseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { keepSaveOnPhone } from "~/lib/outbox";
import { useOutbox } from "~/lib/use-outbox";
import { useViewer } from "~/lib/use-viewer";
import { isPlanning, planSessions, type PlanResult } from "~/lib/session-planning.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "week.title");

// A malformed ?uke= shows this week rather than an error: it is only a bookmark.
const weekQuery = z.object({ uke: z.iso.date().optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const { uke } = weekQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const week = await callApi(supabase, "facilitator_week", uke ? { week_start: uke } : {});
  // The keys of saves made without JavaScript: a form posted twice (a reload) is saved once.
  const saveKeys = Object.fromEntries(week.sessions.map((session) => [session.id, crypto.randomUUID()]));
  return data({ week, saveKeys }, { headers });
}

type WeekResult = SessionResult | PlanResult;

/**
 * Saves one session's marks, or plans the week. A refusal or a failed call comes back to
 * the form it came from with what was typed kept.
 */
export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await readForm(request);
  if (isPlanning(formData)) {
    const planned = await planSessions(supabase, formData);
    if ("refused" in planned) return data<WeekResult>(planned.refused, { status: 400, headers });
    // A fresh GET, so that a reload does not post twice; an added session's week, to show it.
    throw redirect(`/tilrettelegger${planned.done ? `?uke=${planned.done}` : new URL(request.url).search}`, {
      headers,
    });
  }
  const sessionId = String(formData.get("session_id") ?? "");
  // Without JavaScript, "Alle til stede" comes here and the form comes back filled in.
  if (formData.get("intent") === "allPresent")
    return data<WeekResult>({ intent: "allPresent", sessionId, unchanged: true }, { headers });
  const answer = await saveSessionMarks(supabase, formData);
  if ("saved" in answer) return data<WeekResult>({ intent: "save", sessionId, saved: true }, { headers });
  return data<WeekResult>({ intent: "save", sessionId, failure: answer.failure }, { status: 400, headers });
}

/**
 * With JavaScript, a request that never reaches the server (the phone lost its connection,
 * the server is down) does not end on the error page. A session's marks are kept on the phone
 * and sent when the connection is back (app/lib/outbox.ts); anything else, or marks the phone
 * could not keep, comes back like a failed save, with what was tapped or typed still there.
 */
export async function clientAction({ request, serverAction }: ClientActionFunctionArgs) {
  const formData = await request.clone().formData();
  try {
    return await serverAction<typeof action>();
  } catch (error) {
    if (error instanceof Response || isRouteErrorResponse(error)) throw error;
    const sessionId = String(formData.get("session_id") ?? "");
    const intent = formData.get("intent");
    if (intent === null) {
      const marks = marksFromForm(formData);
      if (marks && !hasMarks(marks)) {
        return {
          intent: "save",
          sessionId,
          failure: refuseForm(formData, { key: "week.nothingMarked" }),
        } satisfies WeekResult;
      }
      if (await keepSaveOnPhone(formData))
        return { intent: "save", sessionId, queued: true, unchanged: true } satisfies WeekResult;
    }
    const failure = refuseForm(formData, { key: "error.notSaved" });
    const result: WeekResult =
      intent === "add"
        ? { intent, failure }
        : intent === "cancel"
          ? { intent, sessionId, failure }
          : { intent: "save", sessionId, failure };
    return result;
  }
}

// Nothing was saved after a refused or failed request, a save kept on the phone, or "Alle til
// stede" (see changedNothing).
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  changedNothing(actionResult) ? false : defaultShouldRevalidate;

export default function FacilitatorWeek() {
  const { t, date } = useT();
  const { week, saveKeys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof clientAction>() as WeekResult | undefined;
  const userId = useViewer()?.user.id ?? "";
  const outbox = useOutbox(userId);
  const weekEnd = shiftDate(week.week_start, 6);
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("week.heading", { week: getISOWeek(parseISO(week.week_start)) })}
      </Heading>
      <Paragraph className="mb-4">
        {t("week.range", { from: date(week.week_start, "dayMonth"), to: date(weekEnd, "long") })}
      </Paragraph>
      <nav aria-label={t("week.nav")} className="mb-8 flex flex-wrap gap-x-6 gap-y-2">
        <TextLink to={`?uke=${shiftDate(week.week_start, -7)}`}>{t("week.previous")}</TextLink>
        <TextLink to=".">{t("week.current")}</TextLink>
        <TextLink to={`?uke=${shiftDate(week.week_start, 7)}`}>{t("week.next")}</TextLink>
      </nav>
      <Paragraph data-size="sm" className="mb-4">
        <TextLink to="/varsler#kalender">{t("calendar.toSettings")}</TextLink>
      </Paragraph>
      <OutboxPanel entries={outbox.entries} onSend={outbox.sendNow} onDismiss={outbox.dismiss} />
      {week.sessions.length === 0 ? <Paragraph>{t("week.noSessions")}</Paragraph> : null}
      {Object.keys(week.history).length > 0 ? (
        <Paragraph data-size="sm" className="mb-4">
          {t("week.historyLegend")}
        </Paragraph>
      ) : null}
      <div className="grid gap-8">
        {week.sessions.map((session) => (
          <SessionForm
            key={session.id}
            session={session}
            today={week.today}
            userId={userId}
            saveKey={saveKeys[session.id] ?? ""}
            history={week.history}
            result={
              (result?.intent === "save" || result?.intent === "allPresent") && result.sessionId === session.id
                ? result
                : undefined
            }
            cancelFailure={result?.intent === "cancel" && result.sessionId === session.id ? result.failure : undefined}
          />
        ))}
        <ExtraSession
          activities={week.activities}
          defaultDate={week.today >= week.week_start && week.today <= weekEnd ? week.today : week.week_start}
          failure={result?.intent === "add" ? result.failure : undefined}
        />
      </div>
    </>
  );
}
