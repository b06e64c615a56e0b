import { createHash, randomUUID } from "node:crypto";
import { callApi } from "./api.server";
import { RECEIPT_MAX_BYTES, receiptExtensions, receiptType, type ReceiptType } from "./claims";
import { readForm } from "./form-body.server";
import type { Message } from "./i18n";
import type { Supabase } from "./supabase.server";

const BUCKET = "receipts";
/** Room for the form's other fields around one receipt. */
const MAX_BODY_BYTES = RECEIPT_MAX_BYTES + 256 * 1024;

/**
 * A claim form's fields and its receipt file. A body far larger than one receipt is
 * refused before it is read, so nobody can fill the server's memory with a huge upload.
 */
export function claimFormData(request: Request): Promise<FormData> {
  return readForm(request, MAX_BODY_BYTES);
}

/** The chosen file, or null when the field was left empty (a browser sends an empty, nameless part). */
export function chosenFile(formData: FormData, name = "receipt"): File | null {
  const value = formData.get(name);
  return value instanceof File && value.size > 0 ? value : null;
}

export type CheckedReceipt = { file: File; bytes: Uint8Array; type: ReceiptType };

/** A receipt's size and real type, checked before anything is uploaded. */
export async function checkReceipt(file: File): Promise<{ refused: Message } | CheckedReceipt> {
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
    const { duplicates } = await callApi(supabase, "add_receipt", {
      claim_id: claim.id,
      object_path: path,
      file_name: file.name.slice(0, 200) || `kvittering.${receiptExtensions[type]}`,
      content_type: type,
      size_bytes: file.size,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
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
