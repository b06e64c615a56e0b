import { Alert, Heading, Paragraph } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, SubmitButton, TextField } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import type { PaymentBatches } from "~/lib/claims";
import { formatKroner, osloToday } from "~/lib/format";
import { message, parseForm, type FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { deliverMailSoon } from "~/lib/mail/outbox.server";
import { pageTitle } from "~/lib/meta";
import { bankFileProblems, type BankFileProblem } from "~/lib/pain001";
import { idParam } from "~/lib/params";

/**
 * Payment: approved claims, once authorised (R13), go into an export batch due on a chosen
 * day; the batch's files go to the bank (pain.001) or the accounting clerk (spreadsheet), and
 * when the bank has paid, the whole batch is marked paid with the bank's reference. A bank
 * file that cannot be made yet sends the reader back here (?bankfil=<batch>) to be told why.
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "payments.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const batches = await loadApi(supabase, "payment_batches", { municipality_id: municipalityId });
  const bankFile = z.uuid().safeParse(new URL(request.url).searchParams.get("bankfil"));
  const problems = bankFile.success
    ? {
        batchId: bankFile.data,
        list: bankFileProblems(await loadApi(supabase, "payment_batch", { batch_id: bankFile.data })),
      }
    : null;
  return data({ batches, municipalityId, today: osloToday(), problems }, { headers });
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("batch"), due_on: z.iso.date(message("date_required")) }),
  z.object({
    intent: z.literal("paid"),
    batch_id: z.uuid(),
    paid_on: z.iso.date(message("date_required")),
    payment_reference: z.string().trim().min(1, message("payment_reference_required")),
  }),
]);

type Result = { batchId: string | null; failure: FormFailure };

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const formData = await readForm(request);
  const batchId = typeof formData.get("batch_id") === "string" ? String(formData.get("batch_id")) : null;
  const form = parseForm(formData, schema);
  if (!form.success) return data<Result>({ batchId, failure: form.failure }, { status: 400, headers });
  try {
    if (form.data.intent === "batch") {
      await callApi(supabase, "create_payment_batch", { municipality_id: municipalityId, due_on: form.data.due_on });
    } else {
      const { batch_id, paid_on, payment_reference } = form.data;
      await callApi(supabase, "mark_paid", { municipality_id: municipalityId, batch_id, paid_on, payment_reference });
      deliverMailSoon();
    }
  } catch (error) {
    return data<Result>({ batchId, failure: refusalToForm(error, formData) }, { status: 400, headers });
  }
  throw redirect(new URL(request.url).pathname, { headers });
}

export default function Payments() {
  const { t, date, dateTime, p } = useT();
  const { batches, municipalityId, today, problems } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const { unbatched, awaiting_authorisation: awaiting } = batches;
  const batchFailure = result && !result.batchId ? result.failure : undefined;
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-4">
        {t("payments.title")}
      </Heading>
      {problems && problems.list.length > 0 ? (
        <BankFileProblems problems={problems.list} batches={batches} municipalityId={municipalityId} />
      ) : null}
      <PageSection heading="payments.approved">
        <Paragraph className="mb-4">
          {p("payments.unbatched", unbatched.count, { amount: formatKroner(unbatched.amount_ore) })}
        </Paragraph>
        {awaiting.count > 0 ? (
          <Paragraph className="mb-4">
            {t("payments.awaiting", { count: awaiting.count, amount: formatKroner(awaiting.amount_ore) })}{" "}
            <TextLink to={`/kommune/${municipalityId}/anvisning`}>{t("payments.toAuthorisation")}</TextLink>
          </Paragraph>
        ) : null}
        <PayerAccount batches={batches} municipalityId={municipalityId} />
        {unbatched.count > 0 ? (
          <Form method="post" noValidate className="mb-10 max-w-sm">
            <FormAlert failure={batchFailure} heading="payments.failed" shownAtFields={["due_on"]} />
            <TextField
              name="due_on"
              type="date"
              label="payments.dueOn"
              hint="payments.dueOnHint"
              min={today}
              defaultValue={today}
              failure={batchFailure}
            />
            <SubmitButton name="intent" value="batch">
              {t("payments.createBatch")}
            </SubmitButton>
          </Form>
        ) : batchFailure ? (
          <FormAlert failure={batchFailure} heading="payments.failed" />
        ) : null}
      </PageSection>
      <PageSection heading="payments.batches">
        {batches.batches.length === 0 ? <Paragraph>{t("payments.noBatches")}</Paragraph> : null}
        <ul className="grid gap-8">
          {batches.batches.map((batch) => {
            const failure = result?.batchId === batch.id ? result.failure : undefined;
            const created = dateTime(batch.created_at);
            return (
              <li key={batch.id} className="grid gap-2">
                <Heading level={3} data-size="xs">
                  {t("payments.batch", { created })}
                </Heading>
                <Paragraph>
                  {p("payments.batchSummary", batch.count, { amount: formatKroner(batch.amount_ore) })}{" "}
                  {t("payments.batchDue", { date: date(batch.due_on) })}{" "}
                  {batch.paid_on
                    ? t("payments.batchPaid", {
                        date: date(batch.paid_on),
                        reference: batch.payment_reference ?? "",
                      })
                    : null}
                </Paragraph>
                <ul className="grid gap-1">
                  <li>
                    <TextLink to={`/kommune/${municipalityId}/utbetalinger/${batch.id}/pain001`} reloadDocument>
                      {t("payments.downloadBank", { created })}
                    </TextLink>
                  </li>
                  <li>
                    <TextLink to={`/kommune/${municipalityId}/utbetalinger/${batch.id}/csv`} reloadDocument>
                      {t("payments.download", { created })}
                    </TextLink>
                  </li>
                </ul>
                {batch.paid_on ? null : (
                  <Form method="post" noValidate className="max-w-sm">
                    <FormAlert
                      failure={failure}
                      heading="payments.failed"
                      shownAtFields={["paid_on", "payment_reference"]}
                    />
                    <input type="hidden" name="batch_id" value={batch.id} />
                    <TextField
                      id={`paid_on-${batch.id}`}
                      name="paid_on"
                      type="date"
                      label="claim.paidOnLabel"
                      defaultValue={today}
                      failure={failure}
                    />
                    <TextField
                      id={`payment_reference-${batch.id}`}
                      name="payment_reference"
                      label="claim.paymentReference"
                      failure={failure}
                    />
                    <SubmitButton name="intent" value="paid">
                      {t("payments.markPaid", { created })}
                    </SubmitButton>
                  </Form>
                )}
              </li>
            );
          })}
        </ul>
      </PageSection>
    </>
  );
}

/** Where the money comes from, or that the bank file cannot be made until an admin says so. */
function PayerAccount({ batches, municipalityId }: { batches: PaymentBatches; municipalityId: string }) {
  const { t } = useT();
  if (batches.payer_account) {
    return <Paragraph className="mb-4">{t("payments.payerAccount", { account: batches.payer_account })}</Paragraph>;
  }
  return (
    <Alert data-color="warning" className="mb-6">
      <Paragraph>
        {t("bankFile.noPayerAccount")} <WhereToSetIt isAdmin={batches.is_admin} municipalityId={municipalityId} />
      </Paragraph>
    </Alert>
  );
}

/** An admin sets the payer account on the settings page; anyone else asks one. */
function WhereToSetIt({ isAdmin, municipalityId }: { isAdmin: boolean; municipalityId: string }) {
  const { t } = useT();
  return isAdmin ? (
    <TextLink to={`/kommune/${municipalityId}/innstillinger`}>{t("payments.setPayerAccount")}</TextLink>
  ) : (
    <>{t("payments.askAdmin")}</>
  );
}

/** Why the bank file just asked for cannot be made, each reason with what to do. */
function BankFileProblems({
  problems,
  batches,
  municipalityId,
}: {
  problems: BankFileProblem[];
  batches: PaymentBatches;
  municipalityId: string;
}) {
  const { t } = useT();
  return (
    <Alert data-color="danger" role="alert" className="mb-8">
      <Heading level={2} data-size="xs" className="mb-2">
        {t("bankFile.heading")}
      </Heading>
      <ul className="grid gap-2">
        {problems.map((problem) => (
          <li key={problem.key}>
            {problem.key === "bankFile.noCreditorAccount"
              ? t(problem.key, { organisations: problem.organisations })
              : t(problem.key)}
            {problem.key === "bankFile.noPayerAccount" ? (
              <>
                {" "}
                <WhereToSetIt isAdmin={batches.is_admin} municipalityId={municipalityId} />
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
