import { describe, expect, test } from "vitest";
import { formDataWithin, MEGABYTE, uploadTooLargeMessage } from "../../app/lib/upload.server";

/** A multipart post with a note and a file of `bytes` bytes. */
function upload(bytes: number) {
  const form = new FormData();
  form.set("note", "kvittering");
  form.set("file", new File([new Uint8Array(bytes)], "kvittering.pdf", { type: "application/pdf" }));
  return new Request("http://localhost/", { method: "POST", body: form });
}

describe("an upload within a size limit", () => {
  test("is parsed as form data, file and fields", async () => {
    const result = await formDataWithin(upload(1000), MEGABYTE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.formData.get("note")).toBe("kvittering");
    expect((result.formData.get("file") as File).size).toBe(1000);
  });

  test("is refused unread when it declares a larger Content-Length", async () => {
    const request = new Request("http://localhost/", {
      method: "POST",
      headers: { "Content-Length": String(11 * MEGABYTE), "Content-Type": "multipart/form-data; boundary=x" },
      // A body that would fail to parse: it must not be read at all.
      body: "not multipart",
    });
    expect(await formDataWithin(request, 10 * MEGABYTE)).toEqual({ ok: false, status: 413, maxBytes: 10 * MEGABYTE });
    expect(request.bodyUsed).toBe(false);
  });

  test("is cut off while streaming when the body is larger than it declared, or declared nothing", async () => {
    const body = upload(2 * MEGABYTE);
    // Streamed without a length, as chunked transfer encoding sends it.
    const streamed = new Request("http://localhost/", {
      method: "POST",
      headers: { "Content-Type": body.headers.get("Content-Type")! },
      body: body.body,
      duplex: "half",
    } as RequestInit);
    expect(streamed.headers.get("Content-Length")).toBeNull();
    expect(await formDataWithin(streamed, MEGABYTE)).toEqual({ ok: false, status: 413, maxBytes: MEGABYTE });
  });

  test("says in Norwegian how large it may be", () => {
    expect(uploadTooLargeMessage(10 * MEGABYTE)).toEqual({ key: "security.uploadTooLarge", params: { megabytes: 10 } });
  });
});
