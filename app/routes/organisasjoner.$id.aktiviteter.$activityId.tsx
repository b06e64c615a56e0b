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
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";
import { inputLimits, textLimits } from "~/lib/limits";
import { pageTitle } from "~/lib/meta";
import { activityLabels as labels, activitySchema as schema } from "~/lib/activity-form";
import { feePeriods, organisationKinds } from "~/lib/organisations";
import { baseVersion } from "~/lib/stale-version";

/** Creates (`…/aktiviteter/ny`) or edits an activity with api.save_activity. */
const ids = z.object({ id: z.uuid(), activityId: z.union([z.literal("ny"), z.uuid()]) });

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
  const limits = textLimits.activities;
  return (
    <div className="max-w-xl">
      <TextLink to={`/organisasjoner/${organisation.id}`}>{organisation.name}</TextLink>
      <Heading level={1} data-size="lg" className="mt-2 mb-6">
        {activity ? activity.title : t("editor.newTitle")}
      </Heading>
      <ErrorSummary failure={failure} labels={labels} />
      <Form method="post" noValidate>
        {activity && <BaseVersionField failure={failure} version={activity.version} />}
        <TextField
          name="title"
          maxLength={limits.title}
          label={labels.title}
          failure={failure}
          defaultValue={activity?.title}
        />
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
          maxLength={limits.description}
          label={labels.description}
          failure={failure}
          defaultValue={activity?.description}
        />
        <TextField
          name="place"
          maxLength={limits.place}
          label={labels.place}
          failure={failure}
          defaultValue={activity?.place}
        />
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
          maxLength={limits.adaptations}
          label={labels.adaptations}
          failure={failure}
          defaultValue={activity?.adaptations}
        />
        <TextField
          name="tags"
          maxLength={inputLimits.tagLine}
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
