import { Alert, Button, Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/forms";
import { ScrollRegion } from "~/components/scroll-region";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import type { UndeliveredMail } from "~/lib/api/mail";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { parseForm } from "~/lib/forms";
import { isMessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import { deliverMailSoon } from "~/lib/mail/outbox.server";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";

/**
 * E-mail the outbox has not delivered yet, for the municipality's admins: to whom, what, how
 * many attempts and the last error, and "try again now". The outbox retries by itself; this
 * page makes a stuck delivery visible (SMTP down, an address refused) instead of silent.
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mail.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const mail = await loadApi(supabase, "undelivered_mail", { municipality_id: idParam(params.municipalityId) });
  return data(mail, { headers });
}

const schema = z.object({ message_id: z.coerce.number().int().positive().optional() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await readForm(request);
  const form = parseForm(formData, schema);
  if (!form.success) return data({ failure: form.failure, retried: null }, { status: 400, headers });
  try {
    const retried = await callApi(supabase, "retry_mail", {
      municipality_id: idParam(params.municipalityId),
      message_id: form.data.message_id ?? null,
    });
    deliverMailSoon();
    return data({ failure: undefined, retried }, { headers });
  } catch (error) {
    return data({ failure: refusalToForm(error, formData), retried: null }, { status: 400, headers });
  }
}

export default function UndeliveredMailPage() {
  const { t, p } = useT();
  const { municipality, messages } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("mail.heading", { municipality: municipality.name })}
      </Heading>
      <Paragraph className="mb-6">{t("mail.lead")}</Paragraph>
      <ErrorSummary failure={result?.failure} labels={{}} />
      {result?.retried !== null && result?.retried !== undefined ? (
        <Alert data-color="success" role="status" className="mb-6">
          <Paragraph>{p("mail.retried", result.retried)}</Paragraph>
        </Alert>
      ) : null}
      {messages.length === 0 ? (
        <Paragraph>{t("mail.none")}</Paragraph>
      ) : (
        <>
          <Form method="post" className="mb-4">
            <Button type="submit" variant="secondary">
              {t("mail.retryAll")}
            </Button>
          </Form>
          <ScrollRegion label={t("mail.caption")}>
            <Table data-size="sm">
              <caption className="mb-2 text-left font-semibold">{t("mail.caption")}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t("mail.created")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("mail.recipient")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("mail.kind")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("mail.attempts")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("mail.error")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("mail.next")}</Table.HeaderCell>
                  <Table.HeaderCell>
                    <span className="sr-only">{t("mail.retry")}</span>
                  </Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {messages.map((mail) => (
                  <MailRow key={mail.id} mail={mail} />
                ))}
              </Table.Body>
            </Table>
          </ScrollRegion>
        </>
      )}
    </>
  );
}

function MailRow({ mail }: { mail: UndeliveredMail }) {
  const { t, dateTime } = useT();
  const kind = `mail.template.${mail.template}`;
  return (
    <Table.Row>
      <Table.Cell className="whitespace-nowrap">{dateTime(mail.created_at)}</Table.Cell>
      <Table.Cell className="break-all">{mail.recipient}</Table.Cell>
      <Table.Cell>{isMessageKey(kind) ? t(kind) : mail.template}</Table.Cell>
      <Table.Cell>{mail.attempts}</Table.Cell>
      <Table.Cell className="break-words">{mail.last_error ?? t("mail.noError")}</Table.Cell>
      <Table.Cell className="whitespace-nowrap">{dateTime(mail.next_attempt_at)}</Table.Cell>
      <Table.Cell>
        <Form method="post">
          <input type="hidden" name="message_id" value={mail.id} />
          <Button type="submit" variant="tertiary" data-size="sm">
            {t("mail.retry")}
            <span className="sr-only">: {mail.recipient}</span>
          </Button>
        </Form>
      </Table.Cell>
    </Table.Row>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
