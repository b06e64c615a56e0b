import { describe, expect, test } from "vitest";
import { en } from "../../app/lib/i18n/en";
import { nb } from "../../app/lib/i18n/nb";
import { isMessageKey, plural, translate } from "../../app/lib/i18n";

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

describe("plural", () => {
  test("chooses the form by Intl.PluralRules in English: 1 claim, 2 claims, 0 claims", () => {
    expect(plural("en", "queue.totals", 1, { amount: "kr 5,00" })).toBe("1 claim, kr 5,00 in total");
    expect(plural("en", "queue.totals", 2, { amount: "kr 5,00" })).toBe("2 claims, kr 5,00 in total");
    expect(plural("en", "queue.totals", 0, { amount: "kr 0,00" })).toBe("0 claims, kr 0,00 in total");
  });

  test("chooses the form by Intl.PluralRules in bokmål: 1 godkjent krav, 2 godkjente krav", () => {
    expect(plural("nb", "payments.unbatched", 1, { amount: "kr 5,00" })).toBe(
      "1 godkjent krav på kr 5,00 er ikke tatt med i en utbetalingsfil ennå.",
    );
    expect(plural("nb", "payments.unbatched", 2, { amount: "kr 5,00" })).toBe(
      "2 godkjente krav til sammen kr 5,00 er ikke tatt med i en utbetalingsfil ennå.",
    );
    expect(plural("nb", "catalogue.count", 1)).toBe("1 aktivitet");
    expect(plural("nb", "catalogue.count", 0)).toBe("0 aktiviteter");
  });

  test("writes the count grouped as the language groups thousands", () => {
    expect(plural("nb", "catalogue.count", 1200)).toBe("1\u00a0200 aktiviteter");
    expect(plural("en", "catalogue.count", 1200)).toBe("1,200 activities");
  });

  test("every plural message has the forms both languages' rules can choose", () => {
    const bases = new Set(
      Object.keys(nb)
        .filter((key) => key.endsWith(".other"))
        .map((key) => key.slice(0, -".other".length)),
    );
    expect(bases.size).toBeGreaterThan(0);
    for (const base of bases) {
      for (const lang of ["nb", "en"] as const) {
        for (const form of new Intl.PluralRules(lang).resolvedOptions().pluralCategories) {
          expect(isMessageKey(`${base}.${form}`), `${base}.${form} (${lang})`).toBe(true);
        }
      }
    }
  });
});
