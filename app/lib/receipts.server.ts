import { createHash, randomUUID } from "node:crypto";
import { data, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import type { z } from "zod";
import { callApi } from "./api.server";
import { RECEIPT_MAX_BYTES, receiptExtensions, receiptType, type ReceiptType } from "./claims";
import { MEGABYTE, readForm } from "./form-body.server";
import { parseForm, refuseForm, type FormFailure } from "./forms";
import type { Message } from "./i18n";
import { textLimits } from "./limits";
import type { Supabase } from "./supabase.server";

const BUCKET = "receipts";
/** Room for a claim form's text fields: far more than their limits (app/lib/limits.ts). */
const FIELDS_BYTES = 256 * 1024;
/**
 * The most of a claim form's body that is read: a receipt over its limit is read to the end
 * and thrown away as it arrives, so that the form's fields come back with the reason at the
 * receipt field, but a body ten receipts long is no receipt and is cut off.
 */
const MAX_BODY_BYTES = 10 * (RECEIPT_MAX_BYTES + FIELDS_BYTES);

/** A claim form's fields, its receipt if within the limit, and whether one over it was left out. */
export type ClaimFormData = { formData: FormData; receiptTooLarge: boolean };

/**
 * A claim form as posted. The server never holds more than one receipt's limit of a file: a
 * larger one is dropped as it streams in, and the form says so at the field, keeping all that
 * was typed (R12). The forms without a file (decisions, withdrawing) are plain posts.
 */
export async function claimFormData(request: Request): Promise<ClaimFormData> {
  if (!/^\s*multipart\/form-data\s*;/i.test(request.headers.get("Content-Type") ?? "")) {
    return { formData: await readForm(request), receiptTooLarge: false };
  }
  // The refusals readForm gives: 413 with the limit, 400 for a body that cannot be read.
  const tooLarge = data({ megabytes: Math.floor(MAX_BODY_BYTES / MEGABYTE) }, { status: 413 });
  if (Number(request.headers.get("Content-Length")) > MAX_BODY_BYTES) throw tooLarge;
  if (!request.body) throw data(null, { status: 400 });

  let overLimit = false;
  let received = 0;
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        overLimit ||= received > MAX_BODY_BYTES;
        if (overLimit) controller.error(new Error("claim form over its size limit"));
        else controller.enqueue(chunk);
      },
    }),
  );
  let receiptTooLarge = false;
  const keepWithinLimit: UploadHandler = async ({ filename, contentType, data: part }) => {
    const limit = filename === undefined ? FIELDS_BYTES : RECEIPT_MAX_BYTES;
    let size = 0;
    const chunks: Uint8Array[] = [];
    for await (const chunk of part) {
      size += chunk.byteLength;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    }
    if (size <= limit) {
      const bytes = Buffer.concat(chunks);
      return filename === undefined ? bytes.toString("utf8") : new File([bytes], filename, { type: contentType });
    }
    // A text field this long is no typing.
    overLimit ||= filename === undefined;
    if (overLimit) throw new Error("claim form field over its size limit");
    receiptTooLarge = true;
    return null;
  };
  try {
    const body = new Request(request.url, {
      method: "POST",
      headers: request.headers,
      body: counted,
      duplex: "half",
    } as RequestInit);
    return { formData: await unstable_parseMultipartFormData(body, keepWithinLimit), receiptTooLarge };
  } catch {
    throw overLimit ? tooLarge : data(null, { status: 400 });
  }
}

/**
 * A claim form's fields checked together with its receipt's size and type, so that one answer
 * names every mistake, the receipt's at its field; on success, the parsed fields and the
 * checked receipt, if one was chosen.
 */
export async function parseClaimForm<S extends z.ZodType>(
  { formData, receiptTooLarge }: ClaimFormData,
  schema: S,
): Promise<{ ok: true; data: z.output<S>; receipt: CheckedReceipt | null } | { ok: false; failure: FormFailure }> {
  const form = parseForm(formData, schema);
  const file = chosenFile(formData);
  const receipt = receiptTooLarge
    ? { refused: { key: "receipt_too_large" } as const }
    : file
      ? await checkReceipt(file)
      : null;
  const refused = receipt && "refused" in receipt ? receipt.refused : null;
  if (form.success && !refused) return { ok: true, data: form.data, receipt: receipt as CheckedReceipt | null };
  const failure = form.success ? refuseForm(formData, refused!, "receipt") : form.failure;
  if (refused) failure.fieldErrors.receipt = refused;
  return { ok: false, failure };
}

/** The chosen file, or null when the field was left empty (a browser sends an empty, nameless part). */
function chosenFile(formData: FormData, name = "receipt"): File | null {
  const value = formData.get(name);
  return value instanceof File && value.size > 0 ? value : null;
}

type CheckedReceipt = { file: File; bytes: Uint8Array; type: ReceiptType };

/** A receipt's size and real type, checked before anything is uploaded. */
async function checkReceipt(file: File): Promise<{ refused: Message } | CheckedReceipt> {
  if (file.size > RECEIPT_MAX_BYTES) return { refused: { key: "receipt_too_large" } };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = receiptType(bytes);
  return type ? { file, bytes, type } : { refused: { key: "receipt_type_invalid" } };
}

/**
 * Stores a receipt in the private bucket as the signed-in user (the storage policies decide
 * whether they may), then registers it with its SHA-256, which finds identical receipts used
 * in other claims; returns their references.
 */
export async function storeReceipt(
  supabase: Supabase,
  claim: { id: string; organisation_id: string },
  { file, bytes, type }: CheckedReceipt,
): Promise<string[]> {
  const path = `${claim.organisation_id}/${claim.id}/${randomUUID()}.${receiptExtensions[type]}`;
  const { error } = await supabase.storage.from(BUCKET).upload(path, bytes, { contentType: type });
  if (error) throw error;
  try {
    const { duplicates, attached } = await callApi(supabase, "add_receipt", {
      claim_id: claim.id,
      object_path: path,
      file_name: file.name.slice(0, textLimits.claim_receipts.file_name) || `kvittering.${receiptExtensions[type]}`,
      content_type: type,
      size_bytes: file.size,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    // The claim has this file already (the same form posted twice): one copy is enough.
    if (!attached) await supabase.storage.from(BUCKET).remove([path]);
    return duplicates;
  } catch (error) {
    await supabase.storage.from(BUCKET).remove([path]);
    throw error;
  }
}

export async function removeReceiptObject(supabase: Supabase, path: string) {
  await supabase.storage.from(BUCKET).remove([path]);
}

/** A link to one receipt that works for a minute: long enough to open it, too short to pass on. */
export async function signedReceiptUrl(supabase: Supabase, path: string): Promise<string | null> {
  const { data, error } = await supabase.storage.from(BUCKET).createSignedUrl(path, 60);
  return error ? null : data.signedUrl;
}
