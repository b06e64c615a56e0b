import { describe, expect, test } from "vitest";
import { kronerField } from "../../app/lib/validation";

describe("R11: kroner typed in a form become integer øre", () => {
  test.each([
    ["1250", 125_000],
    ["1 250", 125_000],
    ["1\u00a0250,50", 125_050],
    ["1.250", 125_000],
    ["1.250,50", 125_050],
    ["1250.50", 125_050],
    ["1250.5", 125_050],
    ["0,99", 99],
    ["", 0],
  ])("%j is %i øre", (typed, ore) => {
    expect(kronerField.parse(typed)).toBe(ore);
  });

  test.each(["12,345", "1,2,3", "abc", "-100"])("%j is refused", (typed) => {
    expect(kronerField.safeParse(typed).success).toBe(false);
  });
});
