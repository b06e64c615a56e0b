import { describe, expect, test } from "vitest";
import { formData } from "../support/form-data";
import { z } from "zod";
import { parseForm, refuseForm } from "../../app/lib/forms";
import { linkRedirect, safeRedirect } from "../../app/lib/redirect";
import { emailField, kronerField, newPasswordField, optionalInt } from "../../app/lib/validation";

const schema = z.object({ email: emailField, password: newPasswordField });

describe("parseForm", () => {
  test("returns the parsed data", () => {
    const form = parseForm(formData({ email: "  kari@example.no ", password: "langt nok, tolv tegn" }), schema);
    expect(form).toEqual({ success: true, data: { email: "kari@example.no", password: "langt nok, tolv tegn" } });
  });

  test("returns one message key per field and keeps what was typed, except passwords", () => {
    const form = parseForm(formData({ email: "kari", password: "kort" }), schema);
    expect(form).toEqual({
      success: false,
      failure: {
        values: { email: "kari" },
        fieldErrors: { email: { key: "validation.emailInvalid" }, password: { key: "validation.passwordTooShort" } },
        formErrors: [],
      },
    });
  });

  test("asks for an empty field to be filled in before anything else", () => {
    const form = parseForm(formData({ email: "", password: "" }), schema);
    expect(!form.success && form.failure.fieldErrors).toEqual({
      email: { key: "validation.emailRequired" },
      password: { key: "validation.passwordRequired" },
    });
  });

  test("never shows Zod's own English messages", () => {
    const form = parseForm(formData({ age: "1.5" }), z.object({ name: z.string(), age: z.coerce.number().int() }));
    expect(!form.success && form.failure.fieldErrors).toEqual({
      name: { key: "validation.required" },
      age: { key: "validation.invalid" },
    });
  });
});

describe("refuseForm", () => {
  test("puts a refusal at a field or on the whole form, keeping the input", () => {
    const data = formData({ email: "kari@example.no", password: "hemmelig" });
    expect(refuseForm(data, { key: "signIn.wrongCredentials" })).toEqual({
      values: { email: "kari@example.no" },
      fieldErrors: {},
      formErrors: [{ key: "signIn.wrongCredentials" }],
    });
    expect(refuseForm(data, { key: "newPassword.samePassword" }, "password").fieldErrors).toEqual({
      password: { key: "newPassword.samePassword" },
    });
  });
});

describe("safeRedirect", () => {
  test.each([
    ["/nytt-passord", "/nytt-passord"],
    ["/kommune/1?fane=krav", "/kommune/1?fane=krav"],
    ["https://evil.example/", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["", "/"],
    [null, "/"],
    ["/aktiviteter?q=%C3%A6ble", "/aktiviteter?q=%C3%A6ble"],
  ])("%s goes to %s", (to, expected) => {
    expect(safeRedirect(to)).toBe(expected);
  });

  // A browser drops TAB and newlines from a URL and reads a backslash as a slash; a proxy or a
  // second redirect may decode the target once more. Each of these would end at another host.
  test.each([
    "/%09/evil.example",
    "/%5C/evil.example",
    "/%5c/evil.example",
    "/%0a/evil.example",
    "/%0d%0a/evil.example",
    "/%2F/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "\t//evil.example",
    "/\\/evil.example",
    "/%E0%A4%A",
  ])("R12: %j is refused after the browser's normalisation", (to) => {
    expect(safeRedirect(to)).toBe("/");
  });
});

describe("R12: bad input gets a field error, not a 500", () => {
  const amounts = z.object({ count: optionalInt, fee: kronerField });

  test("a NUL byte in any field is refused at that field, and left out of what is sent back", () => {
    const form = parseForm(formData({ email: "kari\u0000@example.no", password: "langt nok" }), schema);
    expect(form).toEqual({
      success: false,
      failure: {
        values: { email: "kari@example.no" },
        fieldErrors: { email: { key: "input.invalidCharacter" } },
        formErrors: [],
      },
    });
  });

  test("a number beyond what the database holds is too large, at its field", () => {
    const form = parseForm(formData({ count: "99999999999999999999", fee: "99999999999999999999" }), amounts);
    expect(!form.success && form.failure.fieldErrors).toEqual({
      count: { key: "input.numberTooLarge" },
      fee: { key: "input.numberTooLarge" },
    });
    const beyondInteger = parseForm(formData({ count: "2147483648", fee: "0" }), amounts);
    expect(!beyondInteger.success && beyondInteger.failure.fieldErrors).toEqual({
      count: { key: "input.numberTooLarge" },
    });
  });

  test("numbers within range are parsed", () => {
    expect(parseForm(formData({ count: "2147483647", fee: "1 250,50" }), amounts)).toEqual({
      success: true,
      data: { count: 2147483647, fee: 125050 },
    });
  });
});

describe("linkRedirect (where an e-mail link leads on to)", () => {
  test.each([
    ["/invitasjon/abc", "/invitasjon/abc"],
    // Hosted Supabase puts the sign-up's full redirect address in the link.
    ["http://localhost:3310/invitasjon/abc", "/invitasjon/abc"],
    ["http://localhost:3311/invitasjon/abc", "/"],
    ["https://evil.example/invitasjon/abc", "/"],
    ["//evil.example", "/"],
    [undefined, "/"],
  ])("%s goes to %s", (next, expected) => {
    expect(linkRedirect(next, "http://localhost:3310")).toBe(expected);
  });
});
