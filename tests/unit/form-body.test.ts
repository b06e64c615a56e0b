import { describe, expect, test } from "vitest";
import { formDataWithin, MEGABYTE, readForm } from "../../app/lib/form-body.server";

/** A multipart post with a note and a file of `bytes` bytes. */
function upload(bytes: number) {
  const form = new FormData();
  form.set("note", "kvittering");
  form.set("file", new File([new Uint8Array(bytes)], "kvittering.pdf", { type: "application/pdf" }));
  return new Request("http://localhost/", { method: "POST", body: form });
}

const post = (body: BodyInit, headers: Record<string, string>) =>
  new Request("http://localhost/", { method: "POST", headers, body });

/** What readForm threw: Remix's `data()` with the status and what the error page shows. */
async function refusal(reading: Promise<unknown>) {
  const thrown = await reading.then(
    () => null,
    (error: unknown) => error,
  );
  expect(thrown, "readForm should have refused").toMatchObject({ type: "DataWithResponseInit" });
  const { data, init } = thrown as { data: unknown; init: { status: number } };
  return { status: init.status, data };
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
    const request = post("not multipart", {
      "Content-Length": String(11 * MEGABYTE),
      "Content-Type": "multipart/form-data; boundary=x",
    });
    // A body that would fail to parse: it must not be read at all.
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
});

describe("R12: every action's form", () => {
  const urlencoded = { "Content-Type": "application/x-www-form-urlencoded" };

  test("is read when it is a form within the limit", async () => {
    const formData = await readForm(post("name=Ola&note=hei", urlencoded));
    expect(formData.get("name")).toBe("Ola");
  });

  test("over the limit gets 413 saying the limit in megabytes, without being read", async () => {
    const request = post("x=1", { ...urlencoded, "Content-Length": String(2 * MEGABYTE) });
    expect(await refusal(readForm(request))).toEqual({ status: 413, data: { megabytes: 1 } });
    expect(request.bodyUsed).toBe(false);
    const long = post(`x=${"a".repeat(MEGABYTE)}`, urlencoded);
    expect(await refusal(readForm(long))).toEqual({ status: 413, data: { megabytes: 1 } });
  });

  test("that is not a form gets 415, and a broken form 400, not a 500", async () => {
    expect((await refusal(readForm(post("{}", { "Content-Type": "application/json" })))).status).toBe(415);
    expect((await refusal(readForm(post("x", { "Content-Type": "text/plain" })))).status).toBe(415);
    const broken = post("garbage", { "Content-Type": "multipart/form-data; boundary=x" });
    expect((await refusal(readForm(broken))).status).toBe(400);
  });
});
