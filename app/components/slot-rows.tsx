import { Fieldset, Input, Label, Select, ValidationMessage } from "@digdir/designsystemet-react";
import type { FormFailure } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/i18n/react";
import { weekdays, type Slot } from "~/lib/organisations";

/** A few rows of weekday, start and end under repeated names; a row without a day is left out. */
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
      {rows.map((slot, i) => (
        <div key={i} className="grid grid-cols-3 gap-2">
          <div>
            <Label htmlFor={`slot-day-${i}`}>{t("editor.slotDay", { n: i + 1 })}</Label>
            <Select id={`slot-day-${i}`} name="slot_weekday" defaultValue={slot.weekday ? String(slot.weekday) : ""}>
              <Select.Option value="">{t("editor.noDay")}</Select.Option>
              {weekdays.map((day) => (
                <Select.Option key={day} value={String(day)}>
                  {t(`weekday.${day}` as MessageKey)}
                </Select.Option>
              ))}
            </Select>
          </div>
          <div>
            <Label htmlFor={`slot-start-${i}`}>{t("editor.slotStart", { n: i + 1 })}</Label>
            <Input id={`slot-start-${i}`} name="slot_start" type="time" defaultValue={slot.starts_at} />
          </div>
          <div>
            <Label htmlFor={`slot-end-${i}`}>{t("editor.slotEnd", { n: i + 1 })}</Label>
            <Input id={`slot-end-${i}`} name="slot_end" type="time" defaultValue={slot.ends_at} />
          </div>
        </div>
      ))}
      {error ? <ValidationMessage>{t(error.key, error.params)}</ValidationMessage> : null}
    </Fieldset>
  );
}
