import { describe, expect, test } from "vitest";
import { securityTxt } from "../../app/lib/security-txt";

describe("/.well-known/security.txt (RFC 9116)", () => {
  const now = new Date("2026-12-04T17:30:00Z");

  test("has a Contact, an Expires less than a year ahead, the languages and its canonical address", () => {
    const text = securityTxt({ contact: "mailto:sikkerhet@kommune.no", siteUrl: "https://sammen.kommune.no", now });
    expect(text.split("\n")).toEqual([
      "Contact: mailto:sikkerhet@kommune.no",
      "Expires: 2027-06-02T00:00:00.000Z",
      "Preferred-Languages: no, nb, en",
      "Canonical: https://sammen.kommune.no/.well-known/security.txt",
      "",
    ]);
    const expires = new Date(/Expires: (.*)/.exec(text)![1]!);
    expect(expires.getTime() - now.getTime()).toBeLessThan(365 * 24 * 3600 * 1000);
    expect(expires.getTime()).toBeGreaterThan(now.getTime());
  });

  test("without a configured contact, names security@ the site's host", () => {
    expect(securityTxt({ contact: undefined, siteUrl: "https://sammen.kommune.no", now })).toContain(
      "Contact: mailto:security@sammen.kommune.no\n",
    );
  });
});
