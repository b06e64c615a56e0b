import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, SubmissionKey, SubmitButton } from "~/components/forms";
import { NarrowPage } from "~/components/narrow-page";
import {
  participantArgs,
  ParticipantFields,
  participantLabels,
  participantSchema,
} from "~/components/participant-fields";
import { callApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { submissionKeyField } from "~/lib/validation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "newParticipant.title");

/** A new key each time the form is shown: a double-clicked "register" registers one participant. */
export const loader = () => ({ submissionKey: crypto.randomUUID() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const formData = await readForm(request);
  const form = parseForm(formData, participantSchema.extend({ submission_key: submissionKeyField }));
  if (!form.success) return data(form.failure, { status: 400, headers });
  let participantId: string;
  try {
    participantId = await callApi(supabase, "register_participant", {
      ...participantArgs(form.data),
      municipality_id: municipalityId,
      submission_key: form.data.submission_key,
    });
  } catch (error) {
    return data(refusalToForm(error, formData), { status: 400, headers });
  }
  throw redirect(`/kommune/${municipalityId}/deltakere/${participantId}`, { headers });
}

export default function NewParticipant() {
  const { t } = useT();
  const failure = useActionData<typeof action>();
  const { submissionKey } = useLoaderData<typeof loader>();
  return (
    <NarrowPage title="newParticipant.title" lead="newParticipant.lead">
      <ErrorSummary failure={failure} labels={participantLabels} />
      <Form method="post" noValidate>
        <SubmissionKey value={submissionKey} />
        <ParticipantFields failure={failure} />
        <SubmitButton>{t("newParticipant.submit")}</SubmitButton>
      </Form>
    </NarrowPage>
  );
}
