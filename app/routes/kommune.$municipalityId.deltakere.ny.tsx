import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { CheckboxField, ErrorSummary, SubmitButton, TextareaField, TextField } from "~/components/forms";
import { NarrowPage } from "~/components/narrow-page";
import { callApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { message, parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { idParam } from "~/lib/params";
import { tagsFromText } from "~/lib/participants";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "newParticipant.title");

// Minimal data only (issue 5): no national identity number, no diagnosis.
const schema = z.object({
  first_name: z.string().trim().min(1, message("first_name_required")),
  birth_year: z.coerce.number({ error: message("birth_year_invalid") }).int(message("birth_year_invalid")),
  contact_name: z.string().trim().optional(),
  contact_phone: z.string().trim().optional(),
  activity_note: z.string().trim().optional(),
  share_activity_note: z.literal("on").optional(),
  interests: z.string().optional(),
  wishes: z.string().trim().optional(),
});

const labels = {
  first_name: "participant.firstName",
  birth_year: "participant.birthYear",
  contact_name: "participant.contactName",
  contact_phone: "participant.contactPhone",
  activity_note: "participant.activityNote",
  interests: "participant.interests",
  wishes: "participant.wishes",
} as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const municipalityId = idParam(params.municipalityId);
  const formData = await request.formData();
  const form = parseForm(formData, schema);
  if (!form.success) return data(form.failure, { status: 400, headers });
  const { share_activity_note, interests, ...fields } = form.data;
  let participantId: string;
  try {
    participantId = await callApi(supabase, "register_participant", {
      ...fields,
      municipality_id: municipalityId,
      share_activity_note: share_activity_note === "on",
      interests: tagsFromText(interests ?? ""),
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
      <ErrorSummary failure={failure} labels={labels} />
      <Form method="post" noValidate>
        <TextField name="first_name" label={labels.first_name} hint="participant.firstNameHint" failure={failure} />
        <TextField name="birth_year" label={labels.birth_year} inputMode="numeric" failure={failure} />
        <TextField name="contact_name" label={labels.contact_name} hint="participant.contactHint" failure={failure} />
        <TextField name="contact_phone" type="tel" label={labels.contact_phone} failure={failure} />
        <TextareaField
          name="activity_note"
          label={labels.activity_note}
          hint="participant.activityNoteHint"
          maxLength={1000}
          failure={failure}
        />
        <CheckboxField name="share_activity_note" label="participant.shareActivityNote" failure={failure} />
        <TextField name="interests" label={labels.interests} hint="participant.interestsHint" failure={failure} />
        <TextareaField name="wishes" label={labels.wishes} maxLength={2000} failure={failure} />
        <SubmitButton>{t("newParticipant.submit")}</SubmitButton>
      </Form>
    </NarrowPage>
  );
}
