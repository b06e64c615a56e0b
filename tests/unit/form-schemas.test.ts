import { describe, expect, test } from "vitest";
import { z } from "zod";
import { activitySchema } from "../../app/lib/activity-form";
import { claimFieldsSchema, saveClaimArgs } from "../../app/lib/claim-form";
import { parseForm } from "../../app/lib/forms";
import { textLimits } from "../../app/lib/limits";
import { organisationFields, organisationNumberField } from "../../app/lib/organisation-form";
import { roundFormSchema } from "../../app/lib/prize-round-form";
import { isValidBankAccount, isValidOrganisationNumber, limitedText } from "../../app/lib/validation";

/** A FormData as a browser posts it, repeated names (rows, checkboxes) as lists. */
function posted(fields: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) data.append(name, one);
  return data;
}

const errorsOf = <S extends z.ZodType>(fields: Record<string, string | string[]>, schema: S) => {
  const form = parseForm(posted(fields), schema);
  return form.success ? {} : form.failure.fieldErrors;
};

describe("R12: a text over its limit", () => {
  test("is refused at its field with the limit named", () => {
    const schema = z.object({ name: limitedText(5) });
    expect(errorsOf({ name: "sjette" }, schema)).toEqual({ name: { key: "validation.tooLong", params: { max: 5 } } });
    expect(parseForm(posted({ name: " fem  " }), schema)).toEqual({ success: true, data: { name: "fem" } });
  });

  test("counts a line break once, as the field's maxLength and the database do", () => {
    const schema = z.object({ note: limitedText(3) });
    expect(parseForm(posted({ note: "a\r\nb" }), schema)).toEqual({ success: true, data: { note: "a\nb" } });
  });
});

describe("the organisation form", () => {
  const valid = { name: "Klubben", kind: "idrett", organisation_number: "923609016" };

  test("R1 and R2 check digits as the database computes them", () => {
    expect(isValidOrganisationNumber("923609016")).toBe(true);
    expect(isValidOrganisationNumber("923609017")).toBe(false);
    expect(isValidBankAccount("12345678903")).toBe(true);
    expect(isValidBankAccount("12345678904")).toBe(false);
    expect(organisationNumberField.safeParse("923 609 016").success).toBe(true);
  });

  test("reports every format error in one answer, not one per submit", () => {
    const schema = organisationFields.extend({ organisation_number: organisationNumberField });
    const errors = errorsOf(
      {
        ...valid,
        organisation_number: "123456789",
        contact_email: "ikke-en-adresse",
        contact_phone: "12",
        postal_code: "12345",
        bank_account: "1234 56 78904",
        postal_town: "x".repeat(textLimits.organisations.postal_town + 1),
      },
      schema,
    );
    expect(errors).toEqual({
      organisation_number: { key: "organisation_number_invalid" },
      contact_email: { key: "email_invalid" },
      contact_phone: { key: "phone_invalid" },
      postal_code: { key: "validation.tooLong", params: { max: 4 } },
      bank_account: { key: "bank_account_invalid" },
      postal_town: { key: "validation.tooLong", params: { max: textLimits.organisations.postal_town } },
    });
  });

  test("leaves optional fields empty as absent", () => {
    const form = parseForm(posted({ ...valid, contact_email: "", bank_account: " " }), organisationFields);
    expect(form.success && [form.data.contact_email, form.data.bank_account]).toEqual([undefined, undefined]);
  });
});

describe("the activity form", () => {
  const valid = {
    title: "Klatring",
    category: "idrett",
    municipality_id: "5f1d2c4e-1f0a-4a53-9a43-1b2c3d4e5f60",
    fee: "0",
    fee_period: "year",
  };
  const slots = (...rows: [string, string, string][]) => ({
    slot_weekday: rows.map(([day]) => day),
    slot_start: rows.map(([, start]) => start),
    slot_end: rows.map(([, , end]) => end),
  });

  test("says which row of the weekly times is wrong, and which control in it", () => {
    const errors = errorsOf(
      {
        ...valid,
        ...slots(
          ["2", "18:00", "19:30"],
          ["3", "19:00", "18:00"],
          ["", "17:00", ""],
          ["4", "", "20:00"],
          ["2", "18:00", "20:00"],
          ["", "", ""],
        ),
      },
      activitySchema,
    );
    expect(errors).toEqual({
      "slot-end-1": { key: "slot_out_of_order", params: { row: 2 } },
      "slot-day-2": { key: "slot_day_required", params: { row: 3 } },
      "slot-start-3": { key: "slot_start_required", params: { row: 4 } },
      "slot-start-4": { key: "slot_duplicate", params: { row: 5 } },
    });
  });

  test("reports the title, the season, the ages, the capacity and a long tag together", () => {
    const errors = errorsOf(
      {
        ...valid,
        title: "",
        season_start: "2026-09-01",
        season_end: "2026-06-01",
        age_min: "40",
        age_max: "18",
        capacity: "5000",
        tags: `rullestol, ${"x".repeat(textLimits.activities.adaptation_tags + 1)}`,
      },
      activitySchema,
    );
    expect(errors).toEqual({
      title: { key: "title_required" },
      season_end: { key: "season_out_of_order" },
      age_max: { key: "ages_out_of_order" },
      capacity: { key: "capacity_invalid" },
      tags: { key: "validation.tagTooLong", params: { max: textLimits.activities.adaptation_tags } },
    });
  });

  test("sends the filled rows as slots and the tags as a list", () => {
    const form = parseForm(
      posted({ ...valid, tags: "rullestol, Tegnspråk", ...slots(["2", "18:00", "19:30"], ["", "", ""]) }),
      activitySchema,
    );
    expect(form.success && [form.data.slots, form.data.adaptation_tags]).toEqual([
      [{ weekday: 2, starts_at: "18:00", ends_at: "19:30" }],
      ["rullestol", "Tegnspråk"],
    ]);
  });
});

describe("the prize round form", () => {
  const valid = {
    title: "Inkluderingsprisen 2027",
    year: "2027",
    opens_at: "2027-03-01",
    closes_at: "2027-04-30",
    criterion_title: ["Åpenhet", ""],
    criterion_description: ["", ""],
    criterion_weight: ["2", "1"],
  };

  test("catches a closing date before the opening date, and a criterion without a title, in one answer", () => {
    const errors = errorsOf(
      {
        ...valid,
        title: "",
        closes_at: "2027-02-01",
        criterion_title: ["Åpenhet", "", "x".repeat(textLimits.prize_criteria.title + 1)],
        criterion_description: ["", "Hvem som helst kan bli med", ""],
        criterion_weight: ["2", "1", "1"],
      },
      roundFormSchema,
    );
    expect(errors).toEqual({
      title: { key: "prize.titleRequired" },
      closes_at: { key: "roundForm.closesBeforeOpens" },
      "criterion-title-1": { key: "roundForm.criterionTitleRequired", params: { row: 2 } },
      "criterion-title-2": {
        key: "roundForm.criterionTitleTooLong",
        params: { row: 3, max: textLimits.prize_criteria.title },
      },
    });
  });

  test("a round may open and close on the same day; rows without a title are left out", () => {
    const form = parseForm(posted({ ...valid, closes_at: valid.opens_at }), roundFormSchema);
    expect(form.success && form.data.criteria).toEqual([{ title: "Åpenhet", description: "", weight: 2 }]);
  });
});

describe("the claim form", () => {
  test("reports every missing or wrong field at once, with the period in order", () => {
    const errors = errorsOf(
      {
        kind: "kontingent",
        amount: "0",
        period_start: "2026-06-30",
        period_end: "2026-06-01",
        description: "x".repeat(textLimits.claims.description + 1),
      },
      claimFieldsSchema,
    );
    expect(errors).toEqual({
      amount: { key: "amount_invalid" },
      period_end: { key: "period_out_of_order" },
      description: { key: "validation.tooLong", params: { max: textLimits.claims.description } },
    });
  });

  test("an equipment claim needs a purchase date that has been, and a description", () => {
    const errors = errorsOf({ kind: "utstyr", amount: "100", purchase_date: "2999-01-01" }, claimFieldsSchema);
    expect(errors).toEqual({
      purchase_date: { key: "date_not_in_future" },
      description: { key: "description_required" },
    });
  });

  test("sends the claim's own fields to the database, not an answer posted with them", () => {
    const form = parseForm(
      posted({
        kind: "kontingent",
        amount: "1 250,50",
        period_start: "2026-01-01",
        period_end: "2026-06-30",
        message: "Ja",
      }),
      z.intersection(claimFieldsSchema, z.object({ message: z.string() })),
    );
    expect(form.success && saveClaimArgs(form.data)).toEqual({
      kind: "kontingent",
      amount_ore: 125050,
      period_start: "2026-01-01",
      period_end: "2026-06-30",
      purchase_date: null,
      description: "",
      submission_key: undefined,
    });
  });
});
