import { describe, expect, test } from "vitest";
import { formData } from "../support/form-data";
import { ApiError, refusalToForm } from "../../app/lib/api.server";

describe("refusalToForm (docs/decisions/005-refusals.md)", () => {
  const input = formData({ name: "Testvik IL", password: "hemmelig" });

  test("puts a database refusal at its field with its parameters, keeping the input", () => {
    const error = new ApiError("register_organisation", 400, "P0001", "not_found", "name", '{"name": "Testvik"}');
    expect(refusalToForm(error, input)).toEqual({
      values: { name: "Testvik IL" },
      fieldErrors: { name: { key: "not_found", params: { name: "Testvik" } } },
      formErrors: [],
    });
  });

  test("puts a refusal without a field at the top of the form", () => {
    const error = new ApiError("decide_claim", 400, "P0001", "not_allowed", null, null);
    expect(refusalToForm(error, input).formErrors).toEqual([{ key: "not_allowed", params: {} }]);
  });

  test("shows the generic message for a key the catalogue lacks", () => {
    const error = new ApiError("decide_claim", 400, "P0001", "no_such_key", null, "not json");
    expect(refusalToForm(error, input).formErrors).toEqual([{ key: "error.unknown", params: {} }]);
  });

  test("lets anything that is not a refusal through to the error boundary", () => {
    const forbidden = new ApiError("decide_claim", 403, "42501", "not_allowed", null, null);
    expect(() => refusalToForm(forbidden, input)).toThrow(forbidden);
    const crash = new Error("connection refused");
    expect(() => refusalToForm(crash, input)).toThrow(crash);
  });
});
