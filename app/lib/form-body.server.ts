import { data } from "@remix-run/node";

/**
 * Reading a form post within a size limit (R12: a clear 4xx, never a 500). A declared
 * Content-Length over the limit is refused without reading a byte, and a body that turns out
 * longer than declared (or has no length, as with chunked encoding) is cut off as soon as it
 * passes the limit, so no request can make the server buffer more than the limit. The
 * server (server/guards.js) has one wall for every request; this is each form's own.
 */
export const MEGABYTE = 1024 * 1024;

/** Far more than anyone types into a form; a claim with its receipt has its own limit. */
export const FORM_MAX_BYTES = MEGABYTE;

export type LimitedFormData = { ok: true; formData: FormData } | { ok: false; status: 413; maxBytes: number };

export async function formDataWithin(request: Request, maxBytes: number): Promise<LimitedFormData> {
  const tooLarge = { ok: false, status: 413, maxBytes } as const;
  const declared = Number(request.headers.get("Content-Length") ?? Number.NaN);
  if (declared > maxBytes) return tooLarge;
  if (!request.body) return { ok: true, formData: await readForm(request) };

  let received = 0;
  let overLimit = false;
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > maxBytes) {
          overLimit = true;
          controller.error(new Error("request body over the form's limit"));
        } else {
          controller.enqueue(chunk);
        }
      },
    }),
  );
  // Parsed by the platform's own parser, as request.formData() would.
  const headers = new Headers({ "Content-Type": request.headers.get("Content-Type") ?? "" });
  try {
    return { ok: true, formData: await new Response(counted, { headers }).formData() };
  } catch (error) {
    if (overLimit) return tooLarge;
    throw error;
  }
}

const formTypes = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/**
 * An action's form. What is not a form is refused with the status that says why, shown by the
 * error boundary: 413 over the limit (with the limit in megabytes), 415 for another content
 * type (JSON, plain text), 400 for a form that cannot be parsed.
 */
export async function readForm(request: Request, maxBytes = FORM_MAX_BYTES): Promise<FormData> {
  if (!formTypes.test(request.headers.get("Content-Type") ?? "")) {
    throw data(null, { status: 415 });
  }
  let limited: LimitedFormData;
  try {
    limited = await formDataWithin(request, maxBytes);
  } catch {
    throw data(null, { status: 400 });
  }
  if (!limited.ok) throw data({ megabytes: Math.floor(maxBytes / MEGABYTE) }, { status: 413 });
  return limited.formData;
}
