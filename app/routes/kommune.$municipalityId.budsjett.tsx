import { Alert, Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { BudgetChart } from "~/components/budget-chart";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SubmitButton, TextField } from "~/components/forms";
import { PageSection } from "~/components/page-section";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readableFailure } from "~/lib/claim-form";
import { claimKinds, type ClaimKind } from "~/lib/claims";
import { readForm } from "~/lib/form-body.server";
import { formatKroner, kronerDecimal } from "~/lib/format";
import { parseForm } from "~/lib/forms";
import { getLang } from "~/lib/i18n/lang.server";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam, yearParam } from "~/lib/params";
import { kronerAmount } from "~/lib/validation";

/** The year's budget per kind of claim: set, approved, paid and left (R5), set by the municipality's admins. */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "budget.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const page = await loadApi(supabase, "budget_page", {
    municipality_id: idParam(params.municipalityId),
    year: yearParam(request),
  });
  return data(page, { headers });
}

const amountField = (kind: ClaimKind) => `amount_${kind}` as const;
const amount = kronerAmount("amount_invalid");
const schema = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  amount_kontingent: amount,
  amount_utstyr: amount,
  amount_godtgjorelse: amount,
} satisfies Record<`amount_${ClaimKind}` | "year", z.ZodType>);

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const formData = await readForm(request);
  const form = parseForm(formData, schema);
  if (!form.success) return data({ failure: form.failure }, { status: 400, headers });
  for (const kind of claimKinds) {
    try {
      await callApi(supabase, "set_budget", {
        municipality_id: municipalityId,
        year: form.data.year,
        kind,
        amount_ore: form.data[amountField(kind)],
      });
    } catch (error) {
      // The database names the field "amount"; on this form each kind has its own.
      const failure = readableFailure(refusalToForm(error, formData), await getLang(request));
      const atAmount = failure.fieldErrors.amount;
      if (atAmount) failure.fieldErrors = { [amountField(kind)]: atAmount };
      return data({ failure }, { status: 400, headers });
    }
  }
  throw redirect(`${new URL(request.url).pathname}?year=${form.data.year}&lagret=1`, { headers });
}

export default function Budget() {
  const { t } = useT();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result?.failure;
  const [searchParams] = useSearchParams();
  const labels = Object.fromEntries(claimKinds.map((kind) => [amountField(kind), `claimKind.${kind}` as const]));
  return (
    <>
      <Heading level={1} data-size="lg" className="mb-2">
        {t("budget.heading", { name: page.municipality.name, year: page.year })}
      </Heading>
      <nav aria-label={t("orgClaims.years")} className="mb-8 flex gap-6">
        <TextLink to={`?year=${page.year - 1}`}>{t("orgClaims.year", { year: page.year - 1 })}</TextLink>
        <TextLink to={`?year=${page.year + 1}`}>{t("orgClaims.year", { year: page.year + 1 })}</TextLink>
      </nav>
      <div className="grid gap-10 lg:grid-cols-2">
        <PageSection heading="budget.overview">
          <BudgetChart lines={page.kinds} />
          <Table>
            <caption className="sr-only">{t("budget.tableCaption", { year: page.year })}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t("claim.kind")}</Table.HeaderCell>
                <Table.HeaderCell>{t("budget.set")}</Table.HeaderCell>
                <Table.HeaderCell>{t("budget.approved")}</Table.HeaderCell>
                <Table.HeaderCell>{t("budget.paid")}</Table.HeaderCell>
                <Table.HeaderCell>{t("budget.left")}</Table.HeaderCell>
                <Table.HeaderCell>{t("budget.waiting")}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {page.kinds.map((line) => (
                <Table.Row key={line.kind}>
                  <Table.HeaderCell scope="row">{t(`claimKind.${line.kind}`)}</Table.HeaderCell>
                  <Table.Cell>{formatKroner(line.amount_ore)}</Table.Cell>
                  <Table.Cell>{formatKroner(line.approved_ore)}</Table.Cell>
                  <Table.Cell>{formatKroner(line.paid_ore)}</Table.Cell>
                  <Table.Cell>{formatKroner(line.left_ore)}</Table.Cell>
                  <Table.Cell>{formatKroner(line.waiting_ore)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </PageSection>
        {page.is_admin ? (
          <PageSection heading="budget.setHeading">
            {searchParams.has("lagret") && !failure ? (
              <Alert data-color="success" role="status" className="mb-4">
                <Paragraph>{t("budget.saved")}</Paragraph>
              </Alert>
            ) : null}
            <ErrorSummary failure={failure} labels={labels} />
            <Form method="post" noValidate className="max-w-sm">
              <input type="hidden" name="year" value={page.year} />
              <Paragraph className="mb-4">{t("budget.setLead", { year: page.year })}</Paragraph>
              {page.kinds.map((line) => (
                <TextField
                  key={`${page.year}-${line.kind}`}
                  name={amountField(line.kind)}
                  label={`claimKind.${line.kind}`}
                  hint="budget.amountHint"
                  inputMode="decimal"
                  defaultValue={kronerDecimal(line.amount_ore)}
                  failure={failure}
                />
              ))}
              <SubmitButton>{t("budget.save")}</SubmitButton>
            </Form>
          </PageSection>
        ) : null}
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
