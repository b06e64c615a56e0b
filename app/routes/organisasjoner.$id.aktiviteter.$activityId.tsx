import { Checkbox, Heading } from "@digdir/designsystemet-react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, SubmitButton, TextareaField, TextField } from "~/components/forms";
import { SlotRows } from "~/components/slot-rows";
import { BaseVersionField } from "~/components/stale-version";
import { TextLink } from "~/components/text-link";
import { callApi, loadApi, refusalToForm } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { readForm } from "~/lib/form-body.server";
import { message, parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { pageTitle } from "~/lib/meta";
import { feePeriods, organisationKinds } from "~/lib/organisations";
import { baseVersion } from "~/lib/stale-version";
import { kronerField, listField, optionalInt, optionalText } from "~/lib/validation";

/** Creates (`…/aktiviteter/ny`) or edits an activity with api.save_activity. */
const ids = z.object({ id: z.uuid(), activityId: z.union([z.literal("ny"), z.uuid()]) });

const schema = z
  .object({
    title: z.string().trim().min(1, message("title_required")),
    category: z.enum(organisationKinds),
    municipality_id: z.uuid(message("municipality_not_partner")),
    description: z.string().trim().default(""),
    place: z.string().trim().default(""),
    season_start: optionalText,
    season_end: optionalText,
    age_min: optionalInt,
    age_max: optionalInt,
    adaptations: z.string().trim().default(""),
    tags: z.string().default(""),
    capacity: optionalInt,
    fee: kronerField,
    fee_period: z.enum(feePeriods),
    is_public: z.literal("on").optional(),
    slot_weekday: listField,
    slot_start: listField,
    slot_end: listField,
  })
  .transform((form) => ({
    title: form.title,
    category: form.category,
    municipality_id: form.municipality_id,
    description: form.description,
    place: form.place,
    season_start: form.season_start ?? null,
    season_end: form.season_end ?? null,
    age_min: form.age_min ?? null,
    age_max: form.age_max ?? null,
    adaptations: form.adaptations,
    adaptation_tags: form.tags
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
    capacity: form.capacity ?? 0,
    fee_ore: form.fee,
    fee_period: form.fee_period,
    is_public: form.is_public === "on",
    slots: form.slot_weekday.flatMap((day, i) =>
      day ? [{ weekday: Number(day), starts_at: form.slot_start[i] ?? "", ends_at: form.slot_end[i] ?? "" }] : [],
    ),
  }));

const labels = {
  title: "editor.title",
  category: "catalogue.category",
  municipality_id: "catalogue.municipality",
  description: "organisation.description",
  place: "activity.place",
  season_start: "editor.seasonStart",
  season_end: "editor.seasonEnd",
  age_min: "editor.ageMin",
  age_max: "editor.ageMax",
  adaptations: "editor.adaptations",
  tags: "editor.tags",
  // The stored name of the tags, as a stale save names what the other person changed.
  adaptation_tags: "editor.tags",
  capacity: "editor.capacity",
  fee: "editor.fee",
  fee_period: "editor.feePeriod",
  slots: "editor.slots",
} as const;

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, data?.activity ? { name: data.activity.title } : "editor.newTitle");

function parseIds(params: LoaderFunctionArgs["params"]) {
  const parsed = ids.safeParse(params);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  return {
    organisation_id: parsed.data.id,
    activity_id: parsed.data.activityId === "ny" ? null : parsed.data.activityId,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  return data(await loadApi(supabase, "activity_editor", parseIds(params)), { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const target = parseIds(params);
  const formData = await readForm(request);
  const form = parseForm(formData, schema);
  if (!form.success) return data(form.failure, { status: 400, headers });
  try {
    await callApi(supabase, "save_activity", { ...target, ...form.data, base_version: baseVersion(formData) });
  } catch (error) {
    return data(refusalToForm(error, formData), { status: 400, headers });
  }
  throw redirect(`/organisasjoner/${target.organisation_id}`, { headers });
}

export default function ActivityEditor() {
  const { t } = useT();
  const { organisation, activity, municipalities, known_tags: knownTags } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const publicKept = failure ? failure.values.is_public === "on" : (activity?.is_public ?? false);
  return (
    <div className="max-w-xl">
      <TextLink to={`/organisasjoner/${organisation.id}`}>{organisation.name}</TextLink>
      <Heading level={1} data-size="lg" className="mt-2 mb-6">
        {activity ? activity.title : t("editor.newTitle")}
      </Heading>
      <ErrorSummary failure={failure} labels={labels} />
      <Form method="post" noValidate>
        {activity && <BaseVersionField failure={failure} version={activity.version} />}
        <TextField name="title" label={labels.title} failure={failure} defaultValue={activity?.title} />
        <SelectField
          name="category"
          label={labels.category}
          failure={failure}
          defaultValue={activity?.category ?? organisation.kind}
          options={organisationKinds.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
        />
        <SelectField
          name="municipality_id"
          label={labels.municipality_id}
          failure={failure}
          defaultValue={activity?.municipality_id}
          options={municipalities.map((m) => ({ value: m.id, label: m.name }))}
        />
        <TextareaField
          name="description"
          label={labels.description}
          failure={failure}
          defaultValue={activity?.description}
        />
        <TextField name="place" label={labels.place} failure={failure} defaultValue={activity?.place} />
        <SlotRows slots={activity?.slots ?? []} failure={failure} />
        <div className="grid grid-cols-2 gap-x-4">
          <TextField
            name="season_start"
            type="date"
            label={labels.season_start}
            failure={failure}
            defaultValue={activity?.season_start ?? ""}
          />
          <TextField
            name="season_end"
            type="date"
            label={labels.season_end}
            failure={failure}
            defaultValue={activity?.season_end ?? ""}
          />
          <TextField
            name="age_min"
            inputMode="numeric"
            label={labels.age_min}
            failure={failure}
            defaultValue={activity?.age_min?.toString()}
          />
          <TextField
            name="age_max"
            inputMode="numeric"
            label={labels.age_max}
            failure={failure}
            defaultValue={activity?.age_max?.toString()}
          />
        </div>
        <TextareaField
          name="adaptations"
          label={labels.adaptations}
          failure={failure}
          defaultValue={activity?.adaptations}
        />
        <TextField
          name="tags"
          label={labels.tags}
          hint="editor.tagsHint"
          failure={failure}
          defaultValue={activity?.adaptation_tags.join(", ")}
          list="known-tags"
        />
        <datalist id="known-tags">
          {knownTags.map((tag) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
        <TextField
          name="capacity"
          inputMode="numeric"
          label={labels.capacity}
          hint="editor.capacityHint"
          failure={failure}
          defaultValue={activity?.capacity.toString()}
        />
        <div className="grid grid-cols-2 gap-x-4">
          <TextField
            name="fee"
            inputMode="decimal"
            label={labels.fee}
            failure={failure}
            defaultValue={activity ? (activity.fee_ore / 100).toFixed(2).replace(".", ",") : ""}
          />
          <SelectField
            name="fee_period"
            label={labels.fee_period}
            failure={failure}
            defaultValue={activity?.fee_period ?? "year"}
            options={feePeriods.map((period) => ({ value: period, label: t(`feePeriod.${period}`) }))}
          />
        </div>
        <Checkbox
          id="is_public"
          name="is_public"
          label={t("editor.isPublic")}
          defaultChecked={publicKept}
          className="mb-6"
        />
        <SubmitButton>{t("editor.save")}</SubmitButton>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
