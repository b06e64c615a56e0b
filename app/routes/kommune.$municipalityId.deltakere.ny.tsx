import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { ErrorSummary, SubmitButton } from "~/components/forms";
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

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "newParticipant.title");

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const formData = await readForm(request);
  const form = parseForm(formData, participantSchema);
  if (!form.success) return data(form.failure, { status: 400, headers });
  let participantId: string;
  try {
    participantId = await callApi(supabase, "register_participant", {
      ...participantArgs(form.data),
      municipality_id: municipalityId,
    });
  } catch (error) {
    return data(refusalToForm(error, formData), { status: 400, headers });
  }
  throw redirect(`/kommune/${municipalityId}/deltakere/${participantId}`, { headers });
}

export default function NewParticipant() {
  const { t } = useT();
  const failure = useActionData<typeof action>();
  return (
    <NarrowPage title="newParticipant.title" lead="newParticipant.lead">
      <ErrorSummary failure={failure} labels={participantLabels} />
      <Form method="post" noValidate>
        <ParticipantFields failure={failure} />
        <SubmitButton>{t("newParticipant.submit")}</SubmitButton>
      </Form>
    </NarrowPage>
  );
}
