import type { FormFailure } from "../../app/lib/forms";
import { describe, expect, test } from "vitest";
import { readableFailure } from "../../app/lib/claim-form";
import {
  currentFeePeriod,
  isAnswer,
  feeForPeriod,
  feePeriodsTouched,
  paymentCsv,
  receiptType,
  type PaymentRow,
} from "../../app/lib/claims";
import { kronerDecimal } from "../../app/lib/format";

describe("the fee a kontingent claim may be (R3), as app.fee_periods counts it", () => {
  test("counts the fee periods a claim period touches", () => {
    expect(feePeriodsTouched("year", "2026-01-01", "2026-12-31")).toBe(1);
    expect(feePeriodsTouched("year", "2026-09-30", "2027-01-15")).toBe(1);
    expect(feePeriodsTouched("year", "2026-09-30", "2027-10-01")).toBe(2);
    expect(feePeriodsTouched("half_year", "2026-01-01", "2026-12-31")).toBe(2);
    expect(feePeriodsTouched("month", "2026-03-15", "2026-05-02")).toBe(3);
  });

  test("is the fee times the periods, or nothing for a period that is not one", () => {
    expect(feeForPeriod(150000, "half_year", "2026-01-01", "2026-12-31")).toBe(300000);
    expect(feeForPeriod(150000, "year", "2026-05-01", "2026-04-01")).toBeNull();
    expect(feeForPeriod(150000, "year", "", "2026-04-01")).toBeNull();
  });

  test("starts from the fee period today is in, cut to the placement", () => {
    const placement = { starts_on: "2026-09-30", ends_on: "2027-09-25" };
    expect(currentFeePeriod("year", "2026-11-29", placement)).toEqual({ start: "2026-09-30", end: "2026-12-31" });
    expect(currentFeePeriod("half_year", "2027-03-02", placement)).toEqual({ start: "2027-01-01", end: "2027-06-30" });
    expect(currentFeePeriod("month", "2027-02-10", placement)).toEqual({ start: "2027-02-01", end: "2027-02-28" });
    expect(currentFeePeriod("year", "2027-06-01", placement)).toEqual({ start: "2027-01-01", end: "2027-09-25" });
  });
});

describe("receipts", () => {
  const bytes = (...values: (number | string)[]) =>
    new Uint8Array(
      values.flatMap((value) => (typeof value === "string" ? [...value].map((c) => c.charCodeAt(0)) : [value])),
    );

  test("are known by their first bytes, not their names", () => {
    expect(receiptType(bytes("%PDF-1.7\n"))).toBe("application/pdf");
    expect(receiptType(bytes(0x89, "PNG", 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe("image/png");
    expect(receiptType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe("image/jpeg");
    expect(receiptType(bytes(0, 0, 0, 0x18, "ftypheic", 0))).toBe("image/heic");
    expect(receiptType(bytes(0, 0, 0, 0x18, "ftypmp42", 0))).toBeNull();
    expect(receiptType(bytes("GIF89a"))).toBeNull();
  });
});

describe("the payment file", () => {
  const row: PaymentRow = {
    claim_id: "c",
    reference: "R-000042",
    organisation_number: "916163630",
    organisation: "Klatreklubben; Kongsberg",
    bank_account: "12345678903",
    amount_ore: 125050,
    kind: "kontingent",
    period_start: "2026-01-01",
    period_end: "2026-12-31",
    purchase_date: null,
    status: "approved",
  };

  const batch = {
    id: "b",
    municipality_id: "m",
    created_at: "2026-12-04T09:00:00Z",
    due_on: "2026-12-10",
    paid_on: null,
    payment_reference: null,
  };
  const municipality = { id: "m", name: "Kongsberg", payer_account: "15032080119" };

  test("opens in Norwegian Excel: byte-order mark, semicolons, decimal commas, CRLF, a total line", () => {
    const csv = paymentCsv({
      batch,
      municipality,
      rows: [
        row,
        { ...row, organisation: "=HYPERLINK(1)", kind: "utstyr", purchase_date: "2026-03-05", amount_ore: 7 },
      ],
    });
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.slice(1).split("\r\n")).toEqual([
      "Organisasjonsnummer;Navn;Kontonummer;Beløp (kr);Kravreferanse;Periode;Fra konto;Forfallsdato",
      '916163630;"Klatreklubben; Kongsberg";12345678903;1250,50;R-000042;01.01.2026-31.12.2026;15032080119;10.12.2026',
      "916163630;'=HYPERLINK(1);12345678903;0,07;R-000042;05.03.2026;15032080119;10.12.2026",
      "Sum;;;1250,57;;;;",
      "",
    ]);
    // Only ASCII punctuation: bank and accounting imports stumble on the en dash.
    expect(csv).not.toContain("–");
  });

  test("writes kroner with two decimals and no grouping", () => {
    expect(kronerDecimal(0)).toBe("0,00");
    expect(kronerDecimal(5)).toBe("0,05");
    expect(kronerDecimal(-50)).toBe("-0,50");
    expect(kronerDecimal(123456789)).toBe("1234567,89");
  });
});

describe("refusals of claims", () => {
  const refused: FormFailure = {
    values: {},
    formErrors: [],
    fieldErrors: {
      amount: { key: "kontingent_above_fee", params: { limit_ore: "150000", used_ore: "0" } },
      period_start: { key: "claim_outside_placement", params: { starts_on: "2026-09-30", ends_on: "2027-09-25" } },
    },
  };

  test("say limits in kroner and dates as Norwegians write them (R11)", () => {
    const failure = readableFailure(refused, "nb");
    expect(failure.fieldErrors.amount?.params).toEqual({
      limit_ore: "kr\u00a01\u00a0500,00",
      used_ore: "kr\u00a00,00",
    });
    expect(failure.fieldErrors.period_start?.params).toEqual({
      starts_on: "30. september 2026",
      ends_on: "25. september 2027",
    });
  });

  test("write the dates in English on an English page, the money still in kroner", () => {
    const failure = readableFailure(refused, "en");
    expect(failure.fieldErrors.amount?.params?.limit_ore).toBe("kr\u00a01\u00a0500,00");
    expect(failure.fieldErrors.period_start?.params).toEqual({
      starts_on: "30 September 2026",
      ends_on: "25 September 2027",
    });
  });
});

describe("a claim sent again after a question", () => {
  const submitted = { status: "submitted" as const, submitted_at: "2026-05-18T10:00:00Z" };
  test("is the club's answer when it was first sent earlier", () => {
    expect(isAnswer({ ...submitted, first_submitted_at: "2026-05-17T09:00:00Z" })).toBe(true);
  });
  test("is not when it was sent once, or is no longer waiting", () => {
    expect(isAnswer({ ...submitted, first_submitted_at: submitted.submitted_at })).toBe(false);
    expect(isAnswer({ ...submitted, first_submitted_at: null })).toBe(false);
    expect(isAnswer({ ...submitted, status: "approved", first_submitted_at: "2026-05-17T09:00:00Z" })).toBe(false);
  });
});
