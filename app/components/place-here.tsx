import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormAlert, SubmitButton, TextField } from "~/components/forms";
import type { FormFailure } from "~/lib/forms";
import { useT } from "~/lib/i18n/react";

/**
 * An activity the caseworker can place the participant in, with what they need to choose it
 * (the children) and a form that places the participant there from a chosen date. Posts
 * `intent=place` to the page's own action. For an activity the participant is already placed
 * in, `alreadyPlaced` says so instead of the form.
 */
export function PlaceHere({
  activity,
  today,
  failure,
  children,
  alreadyPlaced,
}: {
  activity: { id: string; title: string };
  today: string;
  failure: FormFailure | undefined;
  children: ReactNode;
  alreadyPlaced?: string;
}) {
  const { t } = useT();
  // Field ids are the field names, so each activity's form names its date field apart.
  return (
    <div className="rounded-lg border border-[var(--ds-color-neutral-border-subtle)] p-4">
      <Heading level={3} data-size="xs" className="mb-1">
        {activity.title}
      </Heading>
      {children}
      {alreadyPlaced ? (
        <Paragraph className="mt-3 font-semibold">{alreadyPlaced}</Paragraph>
      ) : (
        <Form method="post" noValidate className="mt-3 max-w-sm">
          <FormAlert failure={failure} heading="placement.notPlaced" shownAtFields={["starts_on"]} />
          <input type="hidden" name="intent" value="place" />
          <input type="hidden" name="activity_id" value={activity.id} />
          <TextField
            name="starts_on"
            id={`starts_on-${activity.id}`}
            type="date"
            label="placement.startsOn"
            hint="placement.startsOnHint"
            defaultValue={today}
            failure={failure}
          />
          <SubmitButton variant="secondary">{t("placement.placeHere", { activity: activity.title })}</SubmitButton>
        </Form>
      )}
    </div>
  );
}
