import { Heading, Paragraph } from "@digdir/designsystemet-react";
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
import { formatDate, formatDateTime, formatKroner, osloToday } from "~/lib/format";
import { message, parseForm, type FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";

/**
 * Payment: approved claims go into an export batch, the batch's file goes to the accounting
 * clerk, and when the bank has paid, the whole batch is marked paid with the bank's reference.
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "payments.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const batches = await loadApi(supabase, "payment_batches", { municipality_id: municipalityId });
  return data({ batches, municipalityId, today: osloToday() }, { headers });
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("batch") }),
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
      await callApi(supabase, "create_payment_batch", { municipality_id: municipalityId });
    } else {
      const { batch_id, paid_on, payment_reference } = form.data;
      await callApi(supabase, "mark_paid", { municipality_id: municipalityId, batch_id, paid_on, payment_reference });
    }
  } catch (error) {
    return data<Result>({ batchId, failure: refusalToForm(error, formData) }, { status: 400, headers });
  }
  throw redirect(new URL(request.url).pathname, { headers });
}

export default function Payments() {
  const { t } = useT();
  const { batches, municipalityId, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const { unbatched } = batches;
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-4">
        {t("payments.title")}
      </Heading>
      <PageSection heading="payments.approved">
        <Paragraph className="mb-4">
          {t("payments.unbatched", { count: unbatched.count, amount: formatKroner(unbatched.amount_ore) })}
        </Paragraph>
        {result && !result.batchId ? <FormAlert failure={result.failure} heading="payments.failed" /> : null}
        {unbatched.count > 0 ? (
          <Form method="post" className="mb-10">
            <SubmitButton name="intent" value="batch">
              {t("payments.createBatch")}
            </SubmitButton>
          </Form>
        ) : null}
      </PageSection>
      <PageSection heading="payments.batches">
        {batches.batches.length === 0 ? <Paragraph>{t("payments.noBatches")}</Paragraph> : null}
        <ul className="grid gap-8">
          {batches.batches.map((batch) => {
            const failure = result?.batchId === batch.id ? result.failure : undefined;
            const created = formatDateTime(batch.created_at);
            return (
              <li key={batch.id} className="grid gap-2">
                <Heading level={3} data-size="xs">
                  {t("payments.batch", { created })}
                </Heading>
                <Paragraph>
                  {t("payments.batchSummary", { count: batch.count, amount: formatKroner(batch.amount_ore) })}{" "}
                  {batch.paid_on
                    ? t("payments.batchPaid", {
                        date: formatDate(batch.paid_on),
                        reference: batch.payment_reference ?? "",
                      })
                    : null}
                </Paragraph>
                <Paragraph>
                  <TextLink to={`/kommune/${municipalityId}/utbetalinger/${batch.id}/csv`} reloadDocument>
                    {t("payments.download", { created })}
                  </TextLink>
                </Paragraph>
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

export const ErrorBoundary = GeneralErrorBoundary;
