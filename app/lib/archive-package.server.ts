import { createHash } from "node:crypto";
import { redirect } from "@remix-run/node";
import { strToU8, zipSync, type Zippable } from "fflate";
import { agreementPdfBytes, agreementPdfFileName, fileNamePart } from "./agreement-pdf.server";
import type { AgreementArchiveEntry, AgreementArchiveYear } from "./agreements";
import { ApiError } from "./api.server";
import { arkivmelding } from "./arkivmelding";
import { formatPattern } from "./format";
import type { Supabase } from "./supabase.server";

/**
 * The archive package (docs/decisions/017-archive-package.md): a ZIP with the signed
 * agreement's PDF, byte for byte the stored one, and arkivmelding.xml describing it with the
 * PDF's SHA-256 and size; a year's package holds one folder per agreement.
 */
async function agreementFiles(supabase: Supabase, agreement: AgreementArchiveEntry, sent: Date): Promise<Zippable> {
  const pdf = await agreementPdfBytes(supabase, agreement);
  const fileName = agreementPdfFileName(agreement);
  const sha256 = createHash("sha256").update(pdf).digest("hex");
  const xml = arkivmelding(agreement, { fileName, sha256, size: pdf.length }, sent);
  // The PDF is compressed already; stored as it is, its bytes in the ZIP are the ones hashed.
  return { [fileName]: [pdf, { level: 0 }], "arkivmelding.xml": strToU8(xml) };
}

export async function agreementArchiveZip(supabase: Supabase, agreement: AgreementArchiveEntry, sent = new Date()) {
  return zipSync(await agreementFiles(supabase, agreement, sent));
}

/** Each agreement in a folder of its own: signing date, organisation, the id's first part. */
export async function yearArchiveZip(supabase: Supabase, archive: AgreementArchiveYear, sent = new Date()) {
  const folders: Zippable = {};
  // One at a time: a year of PDFs read side by side would hold the storage server up.
  for (const agreement of archive.agreements) {
    const folder = `${formatPattern(agreement.activated_at, "yyyy-MM-dd")}-${fileNamePart(agreement.organisation.name)}-${agreement.id.slice(0, 8)}`;
    folders[folder] = await agreementFiles(supabase, agreement, sent);
  }
  return zipSync(folders);
}

export const archiveFileName = (name: string) => `arkivpakke-${fileNamePart(name)}.zip`;

export function zipResponse(zip: Uint8Array, fileName: string, headers: Headers): Response {
  headers.set("Content-Type", "application/zip");
  headers.set("Content-Disposition", `attachment; filename="${fileName}"`);
  headers.set("Cache-Control", "private, no-store");
  return new Response(Buffer.from(zip), { headers });
}

/**
 * Loads the package's data; a refusal (not signed yet, nothing signed that year) goes back to
 * the page the download was asked from, which says why (?arkivfeil=<message key>).
 */
export async function orBackWithRefusal<T>(load: Promise<T>, page: URL, headers: Headers): Promise<T> {
  try {
    return await load;
  } catch (error) {
    const refusal = error instanceof ApiError ? error.refusal : null;
    if (!refusal) throw error;
    page.searchParams.set("arkivfeil", refusal.key);
    throw redirect(`${page.pathname}${page.search}`, { headers });
  }
}
