import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CancelSession, ExtraSession } from "~/components/session-planning";
import { TextLink } from "~/components/text-link";
import { loadApi } from "~/lib/api.server";
import { shiftDate } from "~/lib/attendance";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { isPlanning, planSessions, type PlanResult } from "~/lib/session-planning.server";

/**
 * Four weeks of one activity's sessions for the organisation's admin (and the activity's
 * facilitator): cancel one, or add one outside the weekly schedule.
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "activitySessions.title");

// A malformed ?fra= shows from this week: it is only a bookmark.
const fromQuery = z.object({ fra: z.iso.date().optional().catch(undefined) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const { fra } = fromQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await loadApi(supabase, "activity_sessions", {
    activity_id: idParam(params.activityId),
    ...(fra ? { from_date: fra } : {}),
  });
  if (page.organisation.id !== idParam(params.id)) throw new Response(null, { status: 404 });
  return data(page, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await readForm(request);
  if (!isPlanning(formData)) throw new Response(null, { status: 400 });
  const planned = await planSessions(supabase, formData);
  if ("refused" in planned) return data<PlanResult>(planned.refused, { status: 400, headers });
  const url = new URL(request.url);
  throw redirect(`${url.pathname}${planned.done ? `?fra=${planned.done}` : url.search}`, { headers });
}

export default function ActivitySessions() {
  const { t, date } = useT();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("activitySessions.heading", { activity: page.activity.title })}
      </Heading>
      <Paragraph className="mb-4">
        {t("week.range", { from: date(page.from, "dayMonth"), to: date(page.to, "long") })}
      </Paragraph>
      <nav aria-label={t("activitySessions.nav")} className="mb-8 flex flex-wrap gap-x-6 gap-y-2">
        <TextLink to={`?fra=${shiftDate(page.from, -28)}`}>{t("activitySessions.earlier")}</TextLink>
        <TextLink to=".">{t("activitySessions.now")}</TextLink>
        <TextLink to={`?fra=${shiftDate(page.from, 28)}`}>{t("activitySessions.later")}</TextLink>
      </nav>
      {page.sessions.length === 0 ? <Paragraph className="mb-8">{t("activitySessions.none")}</Paragraph> : null}
      <ul className="mb-10 grid gap-4">
        {page.sessions.map((session) => (
          <li key={session.id} className="rounded-lg border border-[var(--ds-color-neutral-border-subtle)] p-4">
            <Heading level={2} data-size="xs" className="first-letter:uppercase">
              {date(session.on_date, "weekday")}, {session.starts_at}–{session.ends_at}
              {session.is_extra ? ` (${t("sessions.extra")})` : ""}
            </Heading>
            {session.cancelled ? (
              <Paragraph className="mt-2">
                {t("week.cancelled")}
                {session.cancel_reason ? ` ${t("sessions.cancelReason", { reason: session.cancel_reason })}` : ""}
              </Paragraph>
            ) : (
              <CancelSession
                session={session}
                failure={result?.intent === "cancel" && result.sessionId === session.id ? result.failure : undefined}
              />
            )}
          </li>
        ))}
      </ul>
      <ExtraSession
        activities={[page.activity]}
        defaultDate={page.today >= page.from && page.today <= page.to ? page.today : page.from}
        failure={result?.intent === "add" ? result.failure : undefined}
      />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
