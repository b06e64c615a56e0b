/**
 * Size limits for forms that upload files, checked before the body is parsed: a declared
 * Content-Length over the limit is refused without reading a byte, and a body that turns out
 * longer than declared (or has no length, as with chunked encoding) is cut off as soon as it
 * passes the limit, so no request can make the server buffer more than the limit.
 */
export const MEGABYTE = 1024 * 1024;

export type LimitedFormData = { ok: true; formData: FormData } | { ok: false; status: 413; maxBytes: number };

export async function formDataWithin(request: Request, maxBytes: number): Promise<LimitedFormData> {
  const tooLarge = { ok: false, status: 413, maxBytes } as const;
  const declared = Number(request.headers.get("Content-Length") ?? Number.NaN);
  if (declared > maxBytes) return tooLarge;
  if (!request.body) return { ok: true, formData: await request.formData() };

  let received = 0;
  let overLimit = false;
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > maxBytes) {
          overLimit = true;
          controller.error(new Error("request body over the upload limit"));
        } else {
          controller.enqueue(chunk);
        }
      },
    }),
  );
  // Parsed by the platform's own multipart parser, as request.formData() would.
  const headers = new Headers({ "Content-Type": request.headers.get("Content-Type") ?? "" });
  try {
    return { ok: true, formData: await new Response(counted, { headers }).formData() };
  } catch (error) {
    if (overLimit) return tooLarge;
    throw error;
  }
}

/** The form error for a refused upload, in megabytes as people know them. */
export const uploadTooLargeMessage = (maxBytes: number) =>
  ({ key: "security.uploadTooLarge", params: { megabytes: Math.floor(maxBytes / MEGABYTE) } }) as const;
