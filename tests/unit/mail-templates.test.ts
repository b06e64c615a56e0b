import { describe, expect, it } from "vitest";
import { mailTemplates, renderMail } from "../../app/lib/mail/templates";

describe("e-mail templates", () => {
  const payload = {
    token: "abc123",
    target: "Klatreklubben",
    role: "facilitator",
    invited_by: "Lena",
    organisation: "Klatreklubben",
    municipality: "Kongsberg",
    decision: "verified",
    agreement_id: "a1",
    claim_id: "c1",
    reference: "R-000001",
    activity: "Klatring",
    round: "Inkluderingsprisen 2026",
    round_id: "r1",
    citation: "For åpne dører",
    days_before: 14,
    valid_to: "2026-12-31",
  };

  it.each(mailTemplates)("%s renders in bokmål and English with a subject and a body", (template) => {
    for (const locale of ["nb", "en"] as const) {
      const mail = renderMail(template, locale, payload, "http://localhost:3000/");
      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.text).not.toContain("undefined");
      expect(mail.text).not.toContain("//localhost:3000//");
    }
  });

  it("puts the invitation link with the token on the site", () => {
    const mail = renderMail("invitation", "nb", payload, "https://sammen.example");
    expect(mail.subject).toBe("Invitasjon til Klatreklubben i Sammen");
    expect(mail.text).toContain("https://sammen.example/invitasjon/abc123");
    expect(mail.text).toContain("som tilrettelegger i Klatreklubben");
  });

  it("refuses a template it does not know", () => {
    expect(() => renderMail("nope", "nb", {}, "http://x")).toThrow(/No e-mail template/);
  });
});
