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

  it("tells the club that a request to sign replaces the unsigned one sent before, and only then", () => {
    const replacing = renderMail("agreement_to_sign", "nb", { ...payload, replaces_unsigned: true }, "http://x");
    expect(replacing.text).toContain("Den erstatter avtalen kommunen sendte tidligere");
    const first = renderMail("agreement_to_sign", "nb", { ...payload, replaces_unsigned: false }, "http://x");
    expect(first.text).not.toContain("erstatter");
    const english = renderMail("agreement_to_sign", "en", { ...payload, replaces_unsigned: true }, "http://x");
    expect(english.text).toContain("It replaces the agreement the municipality sent earlier");
  });

  it("refuses a template it does not know", () => {
    expect(() => renderMail("nope", "nb", {}, "http://x")).toThrow(/No e-mail template/);
  });
});
