import { Button, Fieldset, Input, Label, Paragraph, ValidationMessage } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxField, ErrorSummary, FieldDiv, SubmitButton, TextField } from "~/components/forms";
import { NarrowPage } from "~/components/narrow-page";
import { PageSection } from "~/components/page-section";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { message, parseForm, type FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import type { ParticipantDuplicates } from "~/lib/participants";

/**
 * A participant registered by mistake: deleted if never placed, or merged into the record of
 * the same person, whose placements and notes it then joins (R9: the municipality's staff only).
 */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mistake.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const search = new URL(request.url).searchParams.get("sok")?.slice(0, 100) || null;
  const page = await loadApi(supabase, "participant_duplicates", {
    participant_id: idParam(params.participantId),
    search,
  });
  // An anonymised participant is kept for the statistics only (R10).
  if (page.municipality.id !== idParam(params.municipalityId) || page.participant.anonymised) {
    throw new Response(null, { status: 404 });
  }
  return data(page, { headers });
}

// Each form has a box of its own to tick, under its own name, as both are on the page at once.
const ticked = z.literal("on", message("confirmation_required"));
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("delete"), confirm_delete: ticked }),
  z.object({ intent: z.literal("merge"), kept_id: z.uuid(message("merge_target_required")), confirm_merge: ticked }),
]);

type Result = { intent: string; failure: FormFailure };

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const participantId = idParam(params.participantId);
  const formData = await readForm(request);
  const intent = String(formData.get("intent"));
  const form = parseForm(formData, schema);
  if (!form.success) return data<Result>({ intent, failure: form.failure }, { status: 400, headers });
  try {
    if (form.data.intent === "delete") {
      await callApi(supabase, "delete_participant", { participant_id: participantId });
    } else {
      await callApi(supabase, "merge_participants", { merged_id: participantId, kept_id: form.data.kept_id });
    }
  } catch (error) {
    return data<Result>({ intent, failure: refusalToForm(error, formData) }, { status: 400, headers });
  }
  const next =
    form.data.intent === "delete"
      ? `/kommune/${municipalityId}/deltakere?slettet=1`
      : `/kommune/${municipalityId}/deltakere/${form.data.kept_id}?sammenslatt=1`;
  throw redirect(next, { headers });
}

export default function ParticipantMistake() {
  const { t } = useT();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const failureFor = (intent: string) => (result?.intent === intent ? result.failure : undefined);
  const { participant } = page;
  return (
    <NarrowPage title="mistake.title">
      <Paragraph className="mb-2">
        {t("mistake.about", {
          name: participant.first_name,
          year: participant.birth_year,
          placements: participant.placements,
          notes: participant.notes,
        })}
      </Paragraph>
      <TextLink to={`/kommune/${page.municipality.id}/deltakere/${participant.id}`}>
        {t("mistake.back", { name: participant.first_name })}
      </TextLink>

      <PageSection heading="mistake.deleteHeading">
        {participant.placements > 0 ? (
          <Paragraph>{t("mistake.cannotDelete")}</Paragraph>
        ) : (
          <>
            <Paragraph className="mb-4">{t("mistake.deleteLead")}</Paragraph>
            <ErrorSummary failure={failureFor("delete")} labels={{ confirm_delete: "mistake.confirmLabel" }} />
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="delete" />
              <CheckboxField name="confirm_delete" label="mistake.confirmDelete" failure={failureFor("delete")} />
              <SubmitButton data-color="danger">{t("mistake.deleteSubmit")}</SubmitButton>
            </Form>
          </>
        )}
      </PageSection>

      <PageSection heading="mistake.mergeHeading">
        <Paragraph className="mb-4">{t("mistake.mergeLead")}</Paragraph>
        <Form method="get" role="search" className="mb-2 flex flex-wrap items-end gap-3">
          <TextField
            name="sok"
            label="mistake.search"
            maxLength={100}
            defaultValue={page.search ?? ""}
            failure={undefined}
          />
          <Button type="submit" variant="secondary" className="mb-5">
            {t("mistake.searchSubmit")}
          </Button>
        </Form>
        <MergeForm page={page} failure={failureFor("merge")} />
      </PageSection>
    </NarrowPage>
  );
}

/** The participants this one could be merged into, as radios with what each holds. */
function MergeForm({ page, failure }: { page: ParticipantDuplicates; failure: FormFailure | undefined }) {
  const { t } = useT();
  if (page.candidates.length === 0) {
    return (
      <Paragraph>
        {page.search
          ? t("mistake.noMatch", { search: page.search })
          : t("mistake.noNamesake", { name: page.participant.first_name })}
      </Paragraph>
    );
  }
  const error = failure?.fieldErrors.kept_id;
  const chosen = failure?.values.kept_id;
  return (
    <>
      <ErrorSummary failure={failure} labels={{ kept_id: "mistake.keep", confirm_merge: "mistake.confirmLabel" }} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="merge" />
        <Fieldset className="mb-5" aria-describedby={error ? "kept_id-error" : undefined}>
          <Fieldset.Legend>{t("mistake.keep")}</Fieldset.Legend>
          {error ? <ValidationMessage id="kept_id-error">{t(error.key, error.params)}</ValidationMessage> : null}
          {page.candidates.map((candidate, index) => {
            // The first radio carries the field's id, so the error summary's link lands on the group.
            const id = index === 0 ? "kept_id" : `kept_id-${candidate.id}`;
            return (
              <FieldDiv key={candidate.id}>
                <Input
                  type="radio"
                  id={id}
                  name="kept_id"
                  value={candidate.id}
                  aria-invalid={error ? true : undefined}
                  defaultChecked={chosen === candidate.id}
                />
                <Label htmlFor={id} weight="regular">
                  {t("mistake.candidate", {
                    name: candidate.first_name,
                    year: candidate.birth_year,
                    placements: candidate.placements,
                    notes: candidate.notes,
                  })}
                </Label>
              </FieldDiv>
            );
          })}
        </Fieldset>
        <CheckboxField name="confirm_merge" label="mistake.confirmMerge" failure={failure} />
        <SubmitButton>{t("mistake.mergeSubmit")}</SubmitButton>
      </Form>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
