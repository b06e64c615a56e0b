import { Heading, Paragraph } from "@digdir/designsystemet-react";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
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
import { callApi, failureToForm, refusalToForm } from "~/lib/api.server";
import { marksFromForm, shiftDate } from "~/lib/attendance";
import { requireUser } from "~/lib/auth.server";
import { message, parseForm, refuseForm, type FormFailure } from "~/lib/forms";
import { formatDate } from "~/lib/format";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import type { Supabase } from "~/lib/supabase.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "week.title");

// A malformed ?uke= shows this week rather than an error: it is only a bookmark.
const weekQuery = z.object({ uke: z.iso.date().optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const { uke } = weekQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const week = await callApi(supabase, "facilitator_week", uke ? { week_start: uke } : {});
  return data(week, { headers });
}

const time = z.string().regex(/^\d{2}:\d{2}$/, message("time_required"));

// Planning the week: cancel a session, or add one outside the schedule.
const planSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("cancel"),
    session_id: z.uuid(),
    reason: z.string().trim().max(500, message("reason_too_long")).optional(),
  }),
  z.object({
    intent: z.literal("add"),
    activity_id: z.uuid(message("sessions.activityRequired")),
    on_date: z.iso.date(message("date_required")),
    starts_at: time,
    ends_at: time,
  }),
]);

type PlanResult = { intent: "cancel"; sessionId: string; failure: FormFailure } | { intent: "add"; failure: FormFailure };
type WeekResult = SessionResult | PlanResult;

/**
 * Saves one session's marks, or plans the week. A refusal or a failed call comes back to
 * the form it came from with what was typed kept.
 */
export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await request.formData();
  if (formData.get("intent") === "cancel" || formData.get("intent") === "add") {
    return plan(request, formData, supabase, headers);
  }
  const sessionId = String(formData.get("session_id") ?? "");
  const marks = marksFromForm(formData);
  if (!marks) {
    return data<WeekResult>(
      { intent: "save", sessionId, failure: refuseForm(formData, { key: "marks_invalid" }) },
      { status: 400, headers }
    );
  }
  try {
    await callApi(supabase, "save_attendance", { session_id: sessionId, marks });
  } catch (error) {
    return data<WeekResult>(
      { intent: "save", sessionId, failure: failureToForm(error, formData) },
      { status: 400, headers }
    );
  }
  return data<WeekResult>({ intent: "save", sessionId, saved: true }, { headers });
}

async function plan(request: Request, formData: FormData, supabase: Supabase, headers: Headers) {
  const form = parseForm(formData, planSchema);
  const refused = (failure: FormFailure) =>
    data<WeekResult>(
      formData.get("intent") === "cancel"
        ? { intent: "cancel", sessionId: String(formData.get("session_id") ?? ""), failure }
        : { intent: "add", failure },
      { status: 400, headers }
    );
  if (!form.success) return refused(form.failure);
  let week = new URL(request.url).search;
  try {
    if (form.data.intent === "cancel") {
      await callApi(supabase, "cancel_session", { session_id: form.data.session_id, reason: form.data.reason || null });
    } else {
      const { intent: _, ...session } = form.data;
      await callApi(supabase, "add_session", session);
      // To the week of the new session, so that the facilitator sees it.
      week = `?uke=${session.on_date}`;
    }
  } catch (error) {
    return refused(refusalToForm(error, formData));
  }
  // A fresh GET, so that a reload does not post twice.
  throw redirect(`/tilrettelegger${week}`, { headers });
}

/**
 * With JavaScript, a save that never reaches the server (the phone lost its connection, the
 * server is down) comes back like a failed save: the marks stay in the form and the page
 * says they were not saved, instead of the error page.
 */
export async function clientAction({ request, serverAction }: ClientActionFunctionArgs) {
  const formData = await request.clone().formData();
  try {
    return await serverAction<typeof action>();
  } catch (error) {
    if (error instanceof Response || isRouteErrorResponse(error)) throw error;
    return {
      intent: "save",
      sessionId: String(formData.get("session_id") ?? ""),
      failure: refuseForm(formData, { key: "error.notSaved" }),
    } satisfies WeekResult;
  }
}

// Nothing changed after a refused or failed request; asking again could fail the same way
// and replace the kept marks with the error page.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  actionResult && typeof actionResult === "object" && "failure" in actionResult ? false : defaultShouldRevalidate;

export default function FacilitatorWeek() {
  const { t } = useT();
  const week = useLoaderData<typeof loader>();
  const result = useActionData<typeof clientAction>() as WeekResult | undefined;
  const weekEnd = shiftDate(week.week_start, 6);
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("week.heading", { week: getISOWeek(parseISO(week.week_start)) })}
      </Heading>
      <Paragraph className="mb-4">
        {t("week.range", { from: formatDate(week.week_start, "d. MMMM"), to: formatDate(weekEnd, "d. MMMM yyyy") })}
      </Paragraph>
      <nav aria-label={t("week.nav")} className="mb-8 flex flex-wrap gap-x-6 gap-y-2">
        <TextLink to={`?uke=${shiftDate(week.week_start, -7)}`}>{t("week.previous")}</TextLink>
        <TextLink to=".">{t("week.current")}</TextLink>
        <TextLink to={`?uke=${shiftDate(week.week_start, 7)}`}>{t("week.next")}</TextLink>
      </nav>
      {week.sessions.length === 0 ? <Paragraph>{t("week.noSessions")}</Paragraph> : null}
      <div className="grid gap-8">
        {week.sessions.map((session) => (
          <SessionForm
            key={session.id}
            session={session}
            today={week.today}
            result={result?.intent === "save" && result.sessionId === session.id ? result : undefined}
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
