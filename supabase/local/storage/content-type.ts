/**
 * What a file's first bytes say it is, for the types whose files have a signature: the
 * receipts' PDF, JPEG, PNG and HEIC, and the other images a bucket may allow. An upload that
 * declares one of these types must hold one (issue 16), so that a page or a script cannot be
 * stored as `image/png` and later served with that type. Hosted Storage checks only the
 * declared type; this stand-in checks the content too, and refuses a mismatch as Storage
 * refuses a type the bucket does not allow. Types without a signature (text, JSON) pass.
 */
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));
const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);

// ISO base media files (HEIC, HEIF, AVIF): a box of type `ftyp` at 4, then the major brand.
const isoBrand = (bytes: Uint8Array, brands: string[]) =>
  startsWith(bytes, ascii("ftyp"), 4) && brands.some((brand) => startsWith(bytes, ascii(brand), 8));
const heifBrands = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"];

const signatures: Record<string, (bytes: Uint8Array) => boolean> = {
  "application/pdf": (bytes) => startsWith(bytes, ascii("%PDF-")),
  "image/png": (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  "image/jpeg": (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]),
  "image/gif": (bytes) => startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a")),
  "image/webp": (bytes) => startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8),
  "image/heic": (bytes) => isoBrand(bytes, heifBrands),
  "image/heif": (bytes) => isoBrand(bytes, heifBrands),
  "image/avif": (bytes) => isoBrand(bytes, ["avif", "avis"]),
};

/** False when the declared type has a signature and the bytes do not carry it. */
export function contentMatchesType(mimeType: string, bytes: Uint8Array): boolean {
  const type = mimeType.split(";")[0]!.trim().toLowerCase();
  return signatures[type]?.(bytes) ?? true;
}
