import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { PaymentBatch, PaymentRow } from "../../app/lib/claims";
import { bankFileProblems, decimalKroner, norwegianIban, pain001 } from "../../app/lib/pain001";
import { readXml, validateXml } from "../support/xmllint";

const XSD = join(__dirname, "../fixtures/xsd/pain.001.001.03.xsd");
const validate = (xml: string) => validateXml(XSD, xml);

const row = (fields: Partial<PaymentRow>): PaymentRow => ({
  claim_id: "c",
  reference: "R-000042",
  organisation_number: "916163630",
  organisation: "Kongsberg Klatreklubb",
  bank_account: "86011117947",
  amount_ore: 150000,
  kind: "kontingent",
  period_start: "2026-01-01",
  period_end: "2026-12-31",
  purchase_date: null,
  status: "approved",
  ...fields,
});

const file = (rows: PaymentRow[], payer: string | null = "15032080119"): PaymentBatch => ({
  batch: {
    id: "0d7c6a8e-3b1f-4c2a-9e5d-4f6a7b8c9d0e",
    municipality_id: "m",
    created_at: "2026-12-04T09:00:00Z",
    due_on: "2026-12-10",
    paid_on: null,
    payment_reference: null,
  },
  municipality: { id: "m", name: "Kongsberg", payer_account: payer },
  rows,
});

const rows = [
  row({}),
  row({
    reference: "R-000043",
    organisation: 'Ski & Tur <Numedal> "IL"',
    bank_account: "12345678903",
    kind: "utstyr",
    purchase_date: "2026-03-05",
    period_start: null,
    period_end: null,
    amount_ore: 7,
  }),
  row({ reference: "R-000044", kind: "godtgjorelse", amount_ore: 99999 }),
];

describe("the bank file (ISO 20022 pain.001.001.03)", () => {
  test("turns a Norwegian account number into its IBAN", () => {
    // The example of the IBAN registry for Norway.
    expect(norwegianIban("86011117947")).toBe("NO9386011117947");
    expect(norwegianIban("15032080119")).toMatch(/^NO\d{2}15032080119$/);
    expect(() => norwegianIban("1234")).toThrow();
  });

  test("writes amounts in kroner with two decimals from øre, exactly (R11)", () => {
    expect(decimalKroner(7)).toBe("0.07");
    expect(decimalKroner(150000)).toBe("1500.00");
    expect(decimalKroner(12345678901234567n)).toBe("123456789012345.67");
  });

  test("is valid against the pain.001.001.03 schema, with control sums that add up", () => {
    const xml = pain001(file(rows), new Date("2026-12-04T09:30:00Z"));
    const verdict = validate(xml);
    expect(verdict.messages).toContain("validates");
    expect(verdict.valid).toBe(true);

    const amounts = readXml(xml, "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt/InstdAmt");
    expect(amounts).toEqual(["1500.00", "0.07", "999.99"]);
    const sumOre = amounts.reduce((sum, amount) => sum + BigInt(amount.replace(".", "")), 0n);
    expect(sumOre).toBe(250006n);
    for (const level of ["GrpHdr", "PmtInf"]) {
      expect(readXml(xml, `/Document/CstmrCdtTrfInitn/${level}/CtrlSum`)).toEqual(["2500.06"]);
      expect(readXml(xml, `/Document/CstmrCdtTrfInitn/${level}/NbOfTxs`)).toEqual(["3"]);
    }
    expect(readXml(xml, "/Document/CstmrCdtTrfInitn/GrpHdr/CreDtTm")).toEqual(["2026-12-04T10:30:00"]);
    expect(readXml(xml, "/Document/CstmrCdtTrfInitn/PmtInf/ReqdExctnDt")).toEqual(["2026-12-10"]);
    expect(readXml(xml, "/Document/CstmrCdtTrfInitn/PmtInf/DbtrAcct/Id/IBAN")).toEqual([norwegianIban("15032080119")]);
    expect(readXml(xml, "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/PmtId/EndToEndId")).toEqual([
      "R-000042",
      "R-000043",
      "R-000044",
    ]);
    expect(readXml(xml, "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/CdtrAcct/Id/IBAN")).toEqual([
      "NO9386011117947",
      norwegianIban("12345678903"),
      "NO9386011117947",
    ]);
    expect(readXml(xml, "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/RmtInf/Ustrd")).toEqual([
      "Refusjon R-000042 kontingent 01.01.2026-31.12.2026",
      "Refusjon R-000043 utstyr 05.03.2026",
      "Refusjon R-000044 godtgjørelse 01.01.2026-31.12.2026",
    ]);
    // The club's name, markup characters and all, is text in the file, never markup.
    expect(xml).toContain('<Nm>Ski &amp; Tur &lt;Numedal&gt; "IL"</Nm>');
  });

  test("the schema check can fail: a file that breaks the schema is refused", () => {
    const xml = pain001(file(rows), new Date("2026-12-04T09:30:00Z"));
    expect(validate(xml.replace("<CtrlSum>2500.06</CtrlSum>", "<CtrlSum>2 500,06</CtrlSum>")).valid).toBe(false);
    expect(validate(xml.replace(/<EndToEndId>R-000043<\/EndToEndId>/, "")).valid).toBe(false);
  });

  test("says what is missing instead: the payer's account, a club's account, any claim", () => {
    expect(bankFileProblems(file(rows))).toEqual([]);
    expect(bankFileProblems(file(rows, null))).toEqual([{ key: "bankFile.noPayerAccount" }]);
    expect(bankFileProblems(file([]))).toEqual([{ key: "bankFile.empty" }]);
    expect(
      bankFileProblems(file([row({ bank_account: null }), row({ organisation: "Turlaget", bank_account: null })])),
    ).toEqual([{ key: "bankFile.noCreditorAccount", organisations: "Kongsberg Klatreklubb, Turlaget" }]);
    expect(() => pain001(file(rows, null), new Date())).toThrow();
  });
});
