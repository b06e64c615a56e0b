import { Alert, Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxGroup, SubmitButton, TextField } from "~/components/forms";
import { callApi, loadApi } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { env } from "~/lib/env.server";
import { readForm } from "~/lib/form-body.server";
import { formatDate } from "~/lib/format";
import { getLang } from "~/lib/i18n/lang.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { reminderKinds, type ReminderKind } from "~/lib/reminders";

/**
 * The person's own reminders and calendar: which reminder e-mails they get (each also has a
 * one-click way out, /avmeld/<token>), and for facilitators the private calendar address,
 * shown once when made; making a new one ends the old.
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reminders.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  return data(await loadApi(supabase, "my_reminders"), { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await readForm(request);
  if (formData.get("intent") === "calendar") {
    const token = await callApi(supabase, "renew_calendar_feed", { locale: await getLang(request) });
    const address = `${new URL(env.SITE_URL).host}/kalender/${token}.ics`;
    const secure = env.SITE_URL.startsWith("https:");
    return data(
      { saved: false, calendar: { https: `${secure ? "https" : "http"}://${address}`, webcal: `webcal://${address}` } },
      { headers },
    );
  }
  // A ticked box is a reminder wanted; an unticked one sends nothing. A kind the page did not
  // offer (it does not fit the person's roles) stays as it was.
  const wanted = new Set(formData.getAll("wanted").map(String));
  const offered = new Set(formData.getAll("offered").map(String));
  const on = (kind: ReminderKind) => (offered.has(kind) ? wanted.has(kind) : null);
  await callApi(supabase, "set_reminders", {
    session_ahead: on("session_ahead"),
    attendance_missing: on("attendance_missing"),
    attendance_summary: on("attendance_summary"),
  });
  return data({ saved: true, calendar: null }, { headers });
}

export default function RemindersPage() {
  const { t, lang } = useT();
  const mine = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const applies = (kind: ReminderKind) => (kind === "attendance_summary" ? mine.administers : mine.facilitates);
  const kinds = reminderKinds.filter(applies);
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-4">
        {t("reminders.title")}
      </Heading>
      <Paragraph className="mb-8 max-w-2xl">{t("reminders.lead")}</Paragraph>

      <section aria-labelledby="reminders-heading" className="mb-10 max-w-2xl">
        <Heading level={2} data-size="md" className="mb-3" id="reminders-heading">
          {t("reminders.heading")}
        </Heading>
        {result?.saved ? (
          <Alert data-color="success" role="status" className="mb-4">
            <Paragraph>{t("reminders.saved")}</Paragraph>
          </Alert>
        ) : null}
        {kinds.length === 0 ? (
          <Paragraph>{t("reminders.notForYou")}</Paragraph>
        ) : (
          <Form method="post">
            {kinds.map((kind) => (
              <input key={kind} type="hidden" name="offered" value={kind} />
            ))}
            <CheckboxGroup
              name="wanted"
              legend="reminders.legend"
              hint="reminders.hint"
              failure={undefined}
              options={kinds.map((kind) => ({ value: kind, label: t(`reminderKind.${kind}`) }))}
              checked={kinds.filter((kind) => !mine.off.includes(kind))}
            />
            <SubmitButton variant="secondary">{t("reminders.save")}</SubmitButton>
          </Form>
        )}
      </section>

      {mine.facilitates ? (
        <section aria-labelledby="calendar-heading" id="kalender" className="max-w-2xl">
          <Heading level={2} data-size="md" className="mb-3" id="calendar-heading">
            {t("calendar.heading")}
          </Heading>
          <Paragraph className="mb-3">{t("calendar.lead")}</Paragraph>
          <Paragraph className="mb-4">{t("calendar.private")}</Paragraph>
          {result?.calendar ? (
            <Alert data-color="success" role="status" className="mb-4">
              <Paragraph className="mb-3">{t("calendar.made")}</Paragraph>
              <Paragraph className="mb-3">
                <Link href={result.calendar.webcal}>{t("calendar.subscribe")}</Link>
              </Paragraph>
              <TextField
                name="calendar_address"
                label="calendar.address"
                failure={undefined}
                defaultValue={result.calendar.https}
                readOnly
              />
            </Alert>
          ) : (
            <Paragraph className="mb-4">
              {mine.calendar_since
                ? t("calendar.since", { date: formatDate(mine.calendar_since, "long", lang) })
                : t("calendar.none")}
            </Paragraph>
          )}
          <Form method="post">
            <input type="hidden" name="intent" value="calendar" />
            <SubmitButton variant="secondary">
              {t(mine.calendar_since ? "calendar.renew" : "calendar.create")}
            </SubmitButton>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
