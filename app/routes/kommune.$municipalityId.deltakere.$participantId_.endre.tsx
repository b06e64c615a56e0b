import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, SubmitButton } from "~/components/forms";
import { NarrowPage } from "~/components/narrow-page";
import { BaseVersionField } from "~/components/stale-version";
import {
  participantArgs,
  ParticipantFields,
  participantLabels,
  participantSchema,
} from "~/components/participant-fields";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { baseVersion } from "~/lib/stale-version";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "editParticipant.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const page = await loadApi(supabase, "participant_page", { participant_id: idParam(params.participantId) });
  // An anonymised participant has nothing left to edit (R10).
  if (page.participant.municipality_id !== idParam(params.municipalityId) || page.participant.anonymised_at) {
    throw new Response(null, { status: 404 });
  }
  return data(page.participant, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const participantId = idParam(params.participantId);
  const formData = await readForm(request);
  const form = parseForm(formData, participantSchema);
  if (!form.success) return data(form.failure, { status: 400, headers });
  try {
    await callApi(supabase, "update_participant", {
      ...participantArgs(form.data),
      participant_id: participantId,
      base_version: baseVersion(formData),
    });
  } catch (error) {
    return data(refusalToForm(error, formData), { status: 400, headers });
  }
  throw redirect(`/kommune/${idParam(params.municipalityId)}/deltakere/${participantId}`, { headers });
}

export default function EditParticipant() {
  const { t } = useT();
  const participant = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <NarrowPage title="editParticipant.title" lead="editParticipant.lead">
      <ErrorSummary failure={failure} labels={participantLabels} />
      <Form method="post" noValidate>
        <BaseVersionField failure={failure} version={participant.version} />
        <ParticipantFields failure={failure} participant={participant} />
        <div className="flex flex-wrap items-center gap-6">
          <SubmitButton>{t("editParticipant.submit")}</SubmitButton>
          <TextLink to={`/kommune/${participant.municipality_id}/deltakere/${participant.id}`}>
            {t("editParticipant.cancel")}
          </TextLink>
        </div>
      </Form>
    </NarrowPage>
  );
}
