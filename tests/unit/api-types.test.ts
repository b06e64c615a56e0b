import { describe, expect, it } from "vitest";
import { splitDefaults } from "../../scripts/api-types";

describe("splitDefaults", () => {
  it("splits pg_get_expr's list of defaults only at commas between defaults", () => {
    expect(splitDefaults("NULL::text, ARRAY['a, b'::text, 'c'::text], 'it''s, here'::text, f(1, 2), 1")).toEqual([
      "NULL::text",
      "ARRAY['a, b'::text, 'c'::text]",
      "'it''s, here'::text",
      "f(1, 2)",
      "1",
    ]);
  });

  it("gives no defaults for a function without any", () => {
    expect(splitDefaults(null)).toEqual([]);
  });
});
