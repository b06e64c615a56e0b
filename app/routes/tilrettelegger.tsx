import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getISOWeek, parseISO } from "date-fns";
import { z } from "zod";
import { SessionForm, type SessionResult } from "~/components/session-form";
import { TextLink } from "~/components/text-link";
import { callApi, failureToForm } from "~/lib/api.server";
import { marksFromForm, shiftDate } from "~/lib/attendance";
import { requireUser } from "~/lib/auth.server";
import { refuseForm } from "~/lib/forms";
import { formatDate } from "~/lib/format";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "week.title");

// A malformed ?uke= shows this week rather than an error: it is only a bookmark.
const weekQuery = z.object({ uke: z.iso.date().optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const { uke } = weekQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const week = await callApi(supabase, "facilitator_week", uke ? { week_start: uke } : {});
  return data(week, { headers });
}

/** Saves one session's marks; a refusal or a failed call comes back to that form with the marks kept. */
export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await request.formData();
  const sessionId = String(formData.get("session_id") ?? "");
  const marks = marksFromForm(formData);
  if (!marks) {
    return data<SessionResult>(
      { sessionId, failure: refuseForm(formData, { key: "marks_invalid" }) },
      { status: 400, headers }
    );
  }
  try {
    await callApi(supabase, "save_attendance", { session_id: sessionId, marks });
  } catch (error) {
    return data<SessionResult>({ sessionId, failure: failureToForm(error, formData) }, { status: 400, headers });
  }
  return data<SessionResult>({ sessionId, saved: true }, { headers });
}

export default function FacilitatorWeek() {
  const { t } = useT();
  const week = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
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
            result={result?.sessionId === session.id ? result : undefined}
          />
        ))}
      </div>
    </>
  );
}
