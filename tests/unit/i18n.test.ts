import { describe, expect, test } from "vitest";
import { en } from "../../app/lib/i18n/en";
import { nb } from "../../app/lib/i18n/nb";
import { isMessageKey, translate } from "../../app/lib/i18n";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("the message catalogue", () => {
  test("has the same parameters in both languages", () => {
    for (const key of Object.keys(nb) as (keyof typeof nb)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(nb[key]));
    }
  });

  test("fills in parameters and leaves unknown ones visible", () => {
    expect(translate("nb", "layout.signedInAs", { name: "Kari" })).toBe("Logget inn som Kari");
    expect(translate("en", "layout.signedInAs", { name: "Kari" })).toBe("Signed in as Kari");
    expect(translate("nb", "layout.signedInAs")).toBe("Logget inn som {name}");
  });

  test("knows its own keys only", () => {
    expect(isMessageKey("not_allowed")).toBe(true);
    expect(isMessageKey("toString")).toBe(false);
    expect(isMessageKey("organisation_number_taken_typo")).toBe(false);
  });
});
