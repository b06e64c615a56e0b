import { describe, expect, test } from "vitest";
import { formData } from "../support/form-data";
import { z } from "zod";
import { parseForm, refuseForm } from "../../app/lib/forms";
import { linkRedirect, safeRedirect } from "../../app/lib/redirect";
import { emailField, newPasswordField } from "../../app/lib/validation";

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
  ])("%s goes to %s", (to, expected) => {
    expect(safeRedirect(to)).toBe(expected);
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
