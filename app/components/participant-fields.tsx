import { z } from "zod";
import { CheckboxField, TextareaField, TextField } from "~/components/forms";
import { message, type FormFailure } from "~/lib/forms";
import { tagsFromText, type ParticipantPage } from "~/lib/participants";
import { wholeNumber } from "~/lib/validation";

// Minimal data only (issue 5): no national identity number, no diagnosis.
export const participantSchema = z.object({
  first_name: z.string().trim().min(1, message("first_name_required")),
  birth_year: wholeNumber("birth_year_invalid"),
  contact_name: z.string().trim().optional(),
  contact_phone: z.string().trim().optional(),
  activity_note: z.string().trim().optional(),
  share_activity_note: z.literal("on").optional(),
  interests: z.string().optional(),
  wishes: z.string().trim().optional(),
});

export const participantLabels = {
  first_name: "participant.firstName",
  birth_year: "participant.birthYear",
  contact_name: "participant.contactName",
  contact_phone: "participant.contactPhone",
  activity_note: "participant.activityNote",
  share_activity_note: "participant.shareActivityNote",
  interests: "participant.interests",
  wishes: "participant.wishes",
} as const;

/** The parsed form as the arguments register_participant and update_participant share. */
export function participantArgs({ share_activity_note, interests, ...fields }: z.infer<typeof participantSchema>) {
  return { ...fields, share_activity_note: share_activity_note === "on", interests: tagsFromText(interests ?? "") };
}

/** The participant's fields, empty for a new participant or filled with what is held. */
export function ParticipantFields({
  failure,
  participant,
}: {
  failure: FormFailure | undefined;
  participant?: ParticipantPage["participant"];
}) {
  const labels = participantLabels;
  return (
    <>
      <TextField
        name="first_name"
        label={labels.first_name}
        hint="participant.firstNameHint"
        defaultValue={participant?.first_name}
        failure={failure}
      />
      <TextField
        name="birth_year"
        label={labels.birth_year}
        inputMode="numeric"
        defaultValue={participant ? String(participant.birth_year) : undefined}
        failure={failure}
      />
      <TextField
        name="contact_name"
        label={labels.contact_name}
        hint="participant.contactHint"
        defaultValue={participant?.contact_name ?? undefined}
        failure={failure}
      />
      <TextField
        name="contact_phone"
        type="tel"
        label={labels.contact_phone}
        defaultValue={participant?.contact_phone ?? undefined}
        failure={failure}
      />
      <TextareaField
        name="activity_note"
        label={labels.activity_note}
        hint="participant.activityNoteHint"
        maxLength={1000}
        defaultValue={participant?.activity_note}
        failure={failure}
      />
      <CheckboxField
        name="share_activity_note"
        label="participant.shareActivityNote"
        defaultChecked={participant?.share_activity_note}
        failure={failure}
      />
      <TextField
        name="interests"
        label={labels.interests}
        hint="participant.interestsHint"
        defaultValue={participant?.interests.join(", ")}
        failure={failure}
      />
      <TextareaField
        name="wishes"
        label={labels.wishes}
        maxLength={2000}
        defaultValue={participant?.wishes}
        failure={failure}
      />
    </>
  );
}
