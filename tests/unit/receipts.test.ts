import { describe, expect, test } from "vitest";
import { z } from "zod";
import { RECEIPT_MAX_BYTES } from "../../app/lib/claims";
import { claimFormData, parseClaimForm } from "../../app/lib/receipts.server";

// A 1×1 PNG: a receipt as small as it gets.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/** A claim form posted as a browser posts it, with a receipt of the given bytes. */
function post(
  receipt: Uint8Array<ArrayBuffer>,
  fields: Record<string, string> = { amount: "450", description: "Vårsemesteret" },
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set("receipt", new File([receipt], "kvittering.png", { type: "image/png" }));
  return new Request("http://localhost/refusjoner/ny", { method: "POST", body: form });
}

const schema = z.object({ amount: z.string().regex(/^\d+$/, "amount_invalid"), description: z.string() });

describe("a claim form with a receipt (R12)", () => {
  test("keeps a receipt within the limit, and the fields", async () => {
    const posted = await claimFormData(post(new Uint8Array(PNG)));
    expect(posted.receiptTooLarge).toBe(false);
    const form = await parseClaimForm(posted, schema);
    expect(form.ok && [form.data, form.receipt?.type, form.receipt?.bytes.length]).toEqual([
      { amount: "450", description: "Vårsemesteret" },
      "image/png",
      PNG.length,
    ]);
  });

  test("drops a receipt over the limit as it arrives, and answers at its field with the rest kept", async () => {
    const posted = await claimFormData(post(new Uint8Array(RECEIPT_MAX_BYTES + 1)));
    expect([posted.receiptTooLarge, posted.formData.get("receipt"), posted.formData.get("description")]).toEqual([
      true,
      null,
      "Vårsemesteret",
    ]);
    const form = await parseClaimForm(posted, schema);
    expect(!form.ok && form.failure).toEqual({
      values: { amount: "450", description: "Vårsemesteret" },
      fieldErrors: { receipt: { key: "receipt_too_large" } },
      formErrors: [],
    });
  });

  test("names a field's mistake and the receipt's together", async () => {
    const form = await parseClaimForm(
      await claimFormData(post(new Uint8Array(RECEIPT_MAX_BYTES + 1), { amount: "x", description: "" })),
      schema,
    );
    expect(!form.ok && form.failure.fieldErrors).toEqual({
      amount: { key: "amount_invalid" },
      receipt: { key: "receipt_too_large" },
    });
  });

  test("cuts off a body ten receipts long", async () => {
    const refusal = await claimFormData(post(new Uint8Array(11 * (RECEIPT_MAX_BYTES + 256 * 1024)))).catch(
      (error: { init: ResponseInit }) => error,
    );
    expect("init" in refusal && refusal.init.status).toBe(413);
  });
});
