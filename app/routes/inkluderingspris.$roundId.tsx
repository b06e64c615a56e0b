import { Alert, Button, Heading, Label, Paragraph } from "@digdir/designsystemet-react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, SubmitButton, TextareaField, TextField } from "~/components/forms";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { readForm } from "~/lib/form-body.server";
import { message, parseForm, refuseForm, type FormFailure } from "~/lib/forms";
import { limitNominations, retryAfterHeaders } from "~/lib/rate-limit.server";
import { useT } from "~/lib/i18n/react";
import { deliverMailSoon } from "~/lib/mail/outbox.server";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { lastOsloDay } from "~/lib/prize";
import { createSupabase } from "~/lib/supabase.server";
import { useViewer } from "~/lib/use-viewer";
import { emailField, optionalText } from "~/lib/validation";

/**
 * The public nomination form: anyone, signed in or not, nominates an eligible organisation.
 * The search narrows the list on the server, so it works without JavaScript. Spam is held
 * back by a honeypot field, the database's limit per address and a limit per client.
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nominate.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = createSupabase(request);
  const form = await loadApi(supabase, "nomination_form", { round_id: idParam(params.roundId) });
  const query = (new URL(request.url).searchParams.get("sok") ?? "").trim();
  const round = form.rounds[0] ?? null;
  const matching = round?.organisations.filter((o) =>
    o.name.toLocaleLowerCase("nb").includes(query.toLocaleLowerCase("nb")),
  );
  // A search that finds nothing keeps the whole list, so the form can still be sent.
  const organisations = matching?.length ? matching : (round?.organisations ?? []);
  return data({ round, organisations, query, noMatch: Boolean(query && !matching?.length) }, { headers });
}

const schema = z.object({
  organisation_id: z.uuid(message("prize.organisationRequired")),
  nominator_name: z.string().trim().min(2, message("name_required")),
  nominator_email: emailField,
  relation: optionalText,
  website: optionalText,
});

const labels = {
  organisation_id: "nominate.organisation",
  nominator_name: "nominate.name",
  nominator_email: "nominate.email",
  relation: "nominate.relation",
  reasons: "nominate.reasons",
} as const;

type Result = { failure?: FormFailure; sent?: { email: string; needsConfirmation: boolean } };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { supabase, headers } = createSupabase(request);
  const formData = await readForm(request);
  const form = parseForm(formData, schema);
  if (!form.success) return data<Result>({ failure: form.failure }, { status: 400, headers });
  const limited = await limitNominations(context);
  if (limited) {
    headers.set("Retry-After", limited.init.headers["Retry-After"]);
    return data<Result>({ failure: refuseForm(formData, limited.message) }, { status: limited.init.status, headers });
  }
  const reasons = Object.fromEntries(
    [...formData.entries()]
      .filter(([name, value]) => name.startsWith("reason-") && typeof value === "string" && value.trim())
      .map(([name, value]) => [name.slice("reason-".length), String(value).trim()]),
  );
  try {
    const { needs_confirmation } = await callApi(supabase, "nominate", {
      ...form.data,
      round_id: idParam(params.roundId),
      reasons,
      website: form.data.website ?? null,
    });
    deliverMailSoon();
    return data<Result>(
      { sent: { email: form.data.nominator_email, needsConfirmation: needs_confirmation } },
      { headers },
    );
  } catch (error) {
    return data<Result>({ failure: refusalToForm(error, formData) }, { status: 400, headers });
  }
}

export const headers = retryAfterHeaders;

export default function Nominate() {
  const { t, date } = useT();
  const { round, organisations, query, noMatch } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  if (!round) {
    return (
      <>
        <Heading level={1} data-size="lg" className="mb-4">
          {t("nominate.title")}
        </Heading>
        <Paragraph className="mb-4">{t("nominate.closed")}</Paragraph>
        <TextLink to="/inkluderingspris">{t("nominate.toHonour")}</TextLink>
      </>
    );
  }
  return (
    <div className="max-w-xl">
      <Heading level={1} data-size="lg" className="mb-2">
        {round.title}
      </Heading>
      <Paragraph className="mb-2">
        {t("nominate.deadline", { municipality: round.municipality, date: date(lastOsloDay(round.closes_at)) })}
      </Paragraph>
      {round.prize_description ? <Paragraph className="mb-6">{round.prize_description}</Paragraph> : null}
      {result?.sent ? (
        <Alert data-color="success" role="status">
          <Heading level={2} data-size="xs" className="mb-2">
            {t("nominate.sentTitle")}
          </Heading>
          <Paragraph>
            {result.sent.needsConfirmation
              ? t("nominate.checkEmail", { email: result.sent.email })
              : t("nominate.counted")}
          </Paragraph>
        </Alert>
      ) : (
        <NominationForm
          round={round}
          organisations={organisations}
          query={query}
          noMatch={noMatch}
          failure={result?.failure}
        />
      )}
    </div>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function NominationForm({
  round,
  organisations,
  query,
  noMatch,
  failure,
}: Omit<Loaded, "round"> & { round: NonNullable<Loaded["round"]>; failure: FormFailure | undefined }) {
  const { t } = useT();
  const viewer = useViewer();
  return (
    <>
      <Form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
        <TextField name="sok" label="nominate.search" failure={undefined} defaultValue={query} />
        <Button type="submit" variant="secondary" className="mb-5">
          {t("nominate.searchSubmit")}
        </Button>
      </Form>
      {noMatch ? <Paragraph className="mb-4">{t("nominate.noMatch", { query })}</Paragraph> : null}
      <ErrorSummary failure={failure} labels={labels} />
      <Form method="post" noValidate>
        <SelectField
          name="organisation_id"
          label={labels.organisation_id}
          failure={failure}
          empty={t("nominate.chooseOrganisation")}
          defaultValue={organisations.length === 1 ? organisations[0]!.id : undefined}
          options={organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
        />
        <TextField
          name="nominator_name"
          label={labels.nominator_name}
          autoComplete="name"
          defaultValue={viewer?.user.display_name ?? undefined}
          failure={failure}
        />
        <TextField
          name="nominator_email"
          type="email"
          label={labels.nominator_email}
          hint="nominate.emailHint"
          autoComplete="email"
          defaultValue={viewer?.user.email}
          failure={failure}
        />
        <TextField name="relation" label={labels.relation} hint="nominate.relationHint" failure={failure} />
        <fieldset className="mb-5">
          <legend className="mb-1 text-lg font-semibold">{t("nominate.reasons")}</legend>
          <Paragraph data-size="sm" className="mb-3">
            {t("nominate.reasonsHint")}
          </Paragraph>
          {round.criteria.map((criterion, index) => (
            <ReasonField key={criterion.id} criterion={criterion} first={index === 0} failure={failure} />
          ))}
        </fieldset>
        <Honeypot />
        <SubmitButton>{t("nominate.submit")}</SubmitButton>
      </Form>
    </>
  );
}

/** The first reason carries the id that the "write at least one reason" refusal links to. */
function ReasonField({
  criterion,
  first,
  failure,
}: {
  criterion: { id: string; title: string; description: string };
  first: boolean;
  failure: FormFailure | undefined;
}) {
  const name = `reason-${criterion.id}`;
  const error = first ? failure?.fieldErrors.reasons : undefined;
  const shown = error ? { ...failure!, fieldErrors: { ...failure!.fieldErrors, [name]: error } } : failure;
  return (
    <div>
      <TextareaField
        name={name}
        id={first ? "reasons" : name}
        label="nominate.criterion"
        labelParams={{ title: criterion.title }}
        rows={3}
        maxLength={2000}
        failure={shown}
      />
      {criterion.description ? (
        <Paragraph data-size="sm" className="-mt-4 mb-5">
          {criterion.description}
        </Paragraph>
      ) : null}
    </div>
  );
}

/** People never see this field; form-filling robots do, and a filled one is quietly dropped. */
function Honeypot() {
  const { t } = useT();
  return (
    <div aria-hidden="true" className="absolute -left-[9999px] h-px w-px overflow-hidden">
      <Label htmlFor="website">{t("nominate.website")}</Label>
      <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
