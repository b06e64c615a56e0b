import { claimPeriod, type PaymentBatch } from "./claims";
import { formatPattern } from "./format";
import type { MessageKey } from "./i18n";
import { element, xmlDocument } from "./xml";

/**
 * A payment batch as an ISO 20022 credit transfer initiation, pain.001.001.03
 * (CustomerCreditTransferInitiationV03), the file Norwegian banks take for payments from
 * accounting systems since Telepay was retired: one payment information block debited from the
 * municipality's account on the batch's due date, and one transaction per claim.
 */

/** Why a batch cannot become a bank file yet, each with what to do about it. */
export type BankFileProblem =
  | { key: Extract<MessageKey, "bankFile.noPayerAccount" | "bankFile.empty"> }
  | { key: Extract<MessageKey, "bankFile.noCreditorAccount">; organisations: string };

export function bankFileProblems({ municipality, rows }: PaymentBatch): BankFileProblem[] {
  const problems: BankFileProblem[] = [];
  if (!municipality.payer_account) problems.push({ key: "bankFile.noPayerAccount" });
  if (rows.length === 0) problems.push({ key: "bankFile.empty" });
  const withoutAccount = [...new Set(rows.filter((row) => !row.bank_account).map((row) => row.organisation))];
  if (withoutAccount.length > 0) {
    problems.push({ key: "bankFile.noCreditorAccount", organisations: withoutAccount.join(", ") });
  }
  return problems;
}

/**
 * An account as IBAN: NO, two ISO 7064 mod-97 check digits, the 11-digit account number (BBAN).
 * The bank file names accounts by IBAN rather than as a BBAN in Othr/SchmeNm: the IBAN is what
 * every Norwegian bank's pain.001 guide accepts for both debtor and creditor (the common
 * Norwegian guide builds on CGI-MP, whose first choice it is), while the domestic BBAN form is
 * an allowance whose details vary between banks. It is derived from the R2-checked BBAN, never
 * typed, and carries its own check digits for the bank to verify.
 */
export function norwegianIban(bban: string): string {
  if (!/^\d{11}$/.test(bban)) throw new Error("A Norwegian account number has 11 digits");
  // The BBAN, then the country code as digits (N = 23, O = 24) and 00 for the check digits.
  const check = 98n - (BigInt(`${bban}232400`) % 97n);
  return `NO${String(check).padStart(2, "0")}${bban}`;
}

/** Øre as the file's decimal amount, "1500.00": exact, no floating point (R11). */
export function decimalKroner(ore: number | bigint): string {
  const value = BigInt(ore);
  return `${value / 100n}.${String(value % 100n).padStart(2, "0")}`;
}

// Max70Text in the guides that restrict names (the schema allows 140).
const name70 = (text: string) => [...text].slice(0, 70).join("");

const kindWords = { kontingent: "kontingent", utstyr: "utstyr", godtgjorelse: "godtgjørelse" } as const;

/**
 * The bank file of a batch that has no problems (see bankFileProblems). `created` is when the
 * file is made: its creation time in the group header.
 */
export function pain001(file: PaymentBatch, created: Date): string {
  const { batch, municipality, rows } = file;
  if (bankFileProblems(file).length > 0) throw new Error("The batch cannot be a bank file yet");
  const total = decimalKroner(rows.reduce((sum, row) => sum + BigInt(row.amount_ore), 0n));
  const count = String(rows.length);
  // The batch's id, the same in every download of it: a bank that has taken one file of the
  // batch refuses another with the same message id, so a batch is not paid twice.
  const id = batch.id.replaceAll("-", "");
  const payer = name70(`${municipality.name} kommune`);
  return xmlDocument(
    element(
      "Document",
      { xmlns: "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03" },
      element(
        "CstmrCdtTrfInitn",
        null,
        element(
          "GrpHdr",
          null,
          element("MsgId", null, id),
          element("CreDtTm", null, formatPattern(created, "yyyy-MM-dd'T'HH:mm:ss")),
          element("NbOfTxs", null, count),
          element("CtrlSum", null, total),
          element("InitgPty", null, element("Nm", null, payer)),
        ),
        element(
          "PmtInf",
          null,
          element("PmtInfId", null, id),
          element("PmtMtd", null, "TRF"),
          element("NbOfTxs", null, count),
          element("CtrlSum", null, total),
          element("ReqdExctnDt", null, batch.due_on),
          element("Dbtr", null, element("Nm", null, payer)),
          element(
            "DbtrAcct",
            null,
            element("Id", null, element("IBAN", null, norwegianIban(municipality.payer_account!))),
            element("Ccy", null, "NOK"),
          ),
          // The bank knows itself from the debtor account; CGI's word for a BIC not given.
          element(
            "DbtrAgt",
            null,
            element("FinInstnId", null, element("Othr", null, element("Id", null, "NOTPROVIDED"))),
          ),
          ...rows.map((row) =>
            element(
              "CdtTrfTxInf",
              null,
              element("PmtId", null, element("EndToEndId", null, row.reference)),
              element("Amt", null, element("InstdAmt", { Ccy: "NOK" }, decimalKroner(row.amount_ore))),
              element("Cdtr", null, element("Nm", null, name70(row.organisation))),
              element("CdtrAcct", null, element("Id", null, element("IBAN", null, norwegianIban(row.bank_account!)))),
              element(
                "RmtInf",
                null,
                element("Ustrd", null, `Refusjon ${row.reference} ${kindWords[row.kind]} ${claimPeriod(row, "-")}`),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
