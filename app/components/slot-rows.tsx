import { Fieldset, Input, Label, Select, ValidationMessage } from "@digdir/designsystemet-react";
import { slotField } from "~/lib/activity-form";
import type { FormFailure } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import { weekdays, type Slot } from "~/lib/organisations";

/**
 * A few rows of weekday, start and end under repeated names; a row left empty is left out. A
 * row's message names the row and sits under it, and the control that is wrong is marked.
 */
export function SlotRows({ slots, failure }: { slots: Slot[]; failure: FormFailure | undefined }) {
  const { t } = useT();
  const typed = (name: string) => [failure?.values[name] ?? []].flat();
  const rows: Slot[] = failure
    ? typed("slot_weekday").map((day, i) => ({
        weekday: Number(day),
        starts_at: typed("slot_start")[i] ?? "",
        ends_at: typed("slot_end")[i] ?? "",
      }))
    : [...slots, ...Array.from({ length: 3 }, () => ({ weekday: 0, starts_at: "", ends_at: "" }))];
  const error = failure?.fieldErrors.slots;
  return (
    <Fieldset className="mb-5" aria-invalid={error ? true : undefined}>
      <Fieldset.Legend id="slots">{t("editor.slots")}</Fieldset.Legend>
      <Fieldset.Description>{t("editor.slotsHint")}</Fieldset.Description>
      {rows.map((slot, i) => {
        const ids = {
          weekday: slotField("weekday", i),
          starts_at: slotField("starts_at", i),
          ends_at: slotField("ends_at", i),
        };
        const wrong = Object.values(ids).find((id) => failure?.fieldErrors[id]);
        const rowError = wrong ? failure?.fieldErrors[wrong] : undefined;
        const control = (id: string) => ({
          id,
          "aria-invalid": id === wrong ? true : undefined,
          "aria-describedby": id === wrong ? `${id}-error` : undefined,
        });
        return (
          <div key={i} className="mb-2">
            <div className="grid grid-cols-3 gap-2">
              <div>
                <Label htmlFor={ids.weekday}>{t("editor.slotDay", { n: i + 1 })}</Label>
                <Select
                  name="slot_weekday"
                  defaultValue={slot.weekday ? String(slot.weekday) : ""}
                  {...control(ids.weekday)}
                >
                  <Select.Option value="">{t("editor.noDay")}</Select.Option>
                  {weekdays.map((day) => (
                    <Select.Option key={day} value={String(day)}>
                      {t(`weekday.${day}` as MessageKey)}
                    </Select.Option>
                  ))}
                </Select>
              </div>
              <div>
                <Label htmlFor={ids.starts_at}>{t("editor.slotStart", { n: i + 1 })}</Label>
                <Input name="slot_start" type="time" defaultValue={slot.starts_at} {...control(ids.starts_at)} />
              </div>
              <div>
                <Label htmlFor={ids.ends_at}>{t("editor.slotEnd", { n: i + 1 })}</Label>
                <Input name="slot_end" type="time" defaultValue={slot.ends_at} {...control(ids.ends_at)} />
              </div>
            </div>
            {wrong && rowError ? (
              <ValidationMessage id={`${wrong}-error`}>{t(rowError.key, rowError.params)}</ValidationMessage>
            ) : null}
          </div>
        );
      })}
      {error ? <ValidationMessage>{t(error.key, error.params)}</ValidationMessage> : null}
    </Fieldset>
  );
}
