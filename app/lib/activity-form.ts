import { z } from "zod";
import { message } from "./forms";
import type { MessageKey } from "./i18n";
import { textLimits } from "./limits";
import { feePeriods, organisationKinds, type Slot } from "./organisations";
import { kronerField, limitedText, listField, optionalDate, optionalInt, tagLine } from "./validation";

const limits = textLimits.activities;

/** The ids of a weekly time's controls in the form, which its messages point at (SlotRows). */
export const slotFieldId = { weekday: "slot-day", starts_at: "slot-start", ends_at: "slot-end" } as const;
export const slotField = (part: keyof typeof slotFieldId, row: number) => `${slotFieldId[part]}-${row}`;

const time = /^([01]\d|2[0-3]):[0-5]\d$/;

type RowProblem = { part: keyof typeof slotFieldId; key: MessageKey };

/** What is wrong with one typed row of weekday, start and end, if anything; an empty row is left out. */
function slotProblem(weekday: string, starts: string, ends: string, earlier: Slot[]): RowProblem | null {
  if (!weekday) return starts || ends ? { part: "weekday", key: "slot_day_required" } : null;
  if (!time.test(starts)) return { part: "starts_at", key: "slot_start_required" };
  if (!time.test(ends)) return { part: "ends_at", key: "slot_end_required" };
  if (ends <= starts) return { part: "ends_at", key: "slot_out_of_order" };
  if (earlier.some((slot) => String(slot.weekday) === weekday && slot.starts_at === starts)) {
    return { part: "starts_at", key: "slot_duplicate" };
  }
  return null;
}

/**
 * The activity form, with every rule api.save_activity applies checked here too, so that one
 * answer names every mistake; each weekly time's message names its row and sits at the
 * control that is wrong.
 */
export const activitySchema = z
  .object({
    title: limitedText(limits.title).min(1, message("title_required")),
    category: z.enum(organisationKinds),
    municipality_id: z.uuid(message("municipality_not_partner")),
    description: limitedText(limits.description).default(""),
    place: limitedText(limits.place).default(""),
    season_start: optionalDate,
    season_end: optionalDate,
    age_min: optionalInt.pipe(z.number().min(0, message("age_invalid")).max(120, message("age_invalid")).optional()),
    age_max: optionalInt.pipe(z.number().min(0, message("age_invalid")).max(120, message("age_invalid")).optional()),
    adaptations: limitedText(limits.adaptations).default(""),
    tags: tagLine(limits.adaptation_tags),
    capacity: optionalInt.pipe(
      z.number().min(0, message("capacity_invalid")).max(1000, message("capacity_invalid")).optional(),
    ),
    fee: kronerField,
    fee_period: z.enum(feePeriods),
    is_public: z.literal("on").optional(),
    slot_weekday: listField,
    slot_start: listField,
    slot_end: listField,
  })
  .superRefine((form, context) => {
    const refuse = (path: string, key: MessageKey, params?: Record<string, number>) =>
      context.addIssue({ code: "custom", path: [path], message: key, params });
    if (form.season_start && form.season_end && form.season_end < form.season_start) {
      refuse("season_end", "season_out_of_order");
    }
    if (form.age_min !== undefined && form.age_max !== undefined && form.age_max < form.age_min) {
      refuse("age_max", "ages_out_of_order");
    }
    const slots: Slot[] = [];
    form.slot_weekday.forEach((weekday, i) => {
      const starts = form.slot_start[i] ?? "";
      const ends = form.slot_end[i] ?? "";
      const problem = slotProblem(weekday, starts, ends, slots);
      if (problem) refuse(slotField(problem.part, i), problem.key, { row: i + 1 });
      else if (weekday) slots.push({ weekday: Number(weekday), starts_at: starts, ends_at: ends });
    });
  })
  .transform((form) => ({
    title: form.title,
    category: form.category,
    municipality_id: form.municipality_id,
    description: form.description,
    place: form.place,
    season_start: form.season_start,
    season_end: form.season_end,
    age_min: form.age_min ?? null,
    age_max: form.age_max ?? null,
    adaptations: form.adaptations,
    adaptation_tags: form.tags,
    capacity: form.capacity ?? 0,
    fee_ore: form.fee,
    fee_period: form.fee_period,
    is_public: form.is_public === "on",
    slots: form.slot_weekday.flatMap((day, i) =>
      day ? [{ weekday: Number(day), starts_at: form.slot_start[i] ?? "", ends_at: form.slot_end[i] ?? "" }] : [],
    ),
  }));

export const activityLabels = {
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
