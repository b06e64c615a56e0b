import { describe, expect, it } from "vitest";
import { unsubscribeHeaders } from "../../app/lib/mail/smtp.server";
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
    organisation_id: "o1",
    municipality_id: "m1",
    claims: [{ id: "c1", reference: "R-000001" }],
    count: 1,
    amount_ore: 150000,
    paid_on: "2026-05-17",
    payment_reference: "BET-1",
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

  it("says a claim needs more information in a Norwegian sentence", () => {
    const mail = renderMail("claim_decided", "nb", { ...payload, decision: "needs_info" }, "https://sammen.example");
    expect(mail.text).toContain("Refusjonskrav R-000001 trenger mer informasjon.");
    expect(mail.text).not.toContain("er trenger");
    const approved = renderMail("claim_decided", "nb", { ...payload, decision: "approved" }, "https://sammen.example");
    expect(approved.text).toContain("Refusjonskrav R-000001 er godkjent.");
  });

  it("tells the caseworker that a club answered, not that a new claim came in", () => {
    const mail = renderMail("claim_answered", "nb", payload, "https://sammen.example");
    expect(mail.subject).toBe("Svar på spørsmål om refusjonskrav R-000001 fra Klatreklubben");
    expect(mail.subject).not.toContain("Nytt");
    expect(mail.text).toContain("https://sammen.example/refusjoner/c1");
  });

  it("tells the club what was paid, counting the claims in each language", () => {
    const one = renderMail("claims_paid", "en", payload, "https://sammen.example");
    expect(one.subject).toBe("Kongsberg municipality has paid 1 claim");
    expect(one.text).toContain("kr\u00a01\u00a0500,00 on 17 May 2026 with the reference BET-1");
    expect(one.text).toContain("R-000001: https://sammen.example/refusjoner/c1");
    const two = renderMail(
      "claims_paid",
      "en",
      { ...payload, count: 2, claims: [...payload.claims, { id: "c2", reference: "R-000002" }] },
      "https://sammen.example",
    );
    expect(two.subject).toBe("Kongsberg municipality has paid 2 claims");
    expect(renderMail("claims_paid", "nb", payload, "https://sammen.example").text).toContain("den 17. mai 2026");
  });

  it("links the caseworker to the new organisation and to where the e-mail is turned off", () => {
    const mail = renderMail("organisation_registered", "nb", payload, "https://sammen.example");
    expect(mail.subject).toBe("Klatreklubben vil samarbeide med Kongsberg kommune");
    expect(mail.text).toContain("https://sammen.example/kommune/m1/organisasjoner/o1");
    expect(mail.text).toContain("slå dem av på arbeidslisten din:\nhttps://sammen.example/kommune/m1");
  });

  it("writes dates as the reader's language does", () => {
    expect(renderMail("agreement_expiring", "nb", payload, "https://sammen.example").text).toContain(
      "gjelder til 31. desember 2026.",
    );
    expect(renderMail("agreement_expiring", "en", payload, "https://sammen.example").text).toContain(
      "is valid until 31 December 2026.",
    );
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

  describe("reminders", () => {
    const session = {
      session_id: "s1",
      activity: "Klatring for alle",
      organisation: "Klatreklubben",
      place: "Klatreveggen",
      on_date: "2026-12-09",
      starts_at: "17:00",
      ends_at: "19:00",
      expected: 3,
      unsubscribe_token: "ab".repeat(24),
    };

    it("name the activity, the day, the time, the place and how many are expected, with the one-click link", () => {
      const mail = renderMail("session_ahead", "nb", session, "https://sammen.example/");
      expect(mail.subject).toBe("I morgen: Klatring for alle kl. 17:00");
      expect(mail.text).toContain("Klatring for alle, onsdag 9. desember 17:00–19:00, Klatreveggen");
      expect(mail.text).toContain("Forventet: 3 deltakere.");
      expect(mail.text).toContain("https://sammen.example/tilrettelegger?uke=2026-12-09");
      expect(mail.unsubscribe).toBe(`https://sammen.example/avmeld/${"ab".repeat(24)}`);
      expect(mail.text).toContain(mail.unsubscribe);
      expect(mail.text).toContain("https://sammen.example/varsler");
      const english = renderMail("attendance_missing", "en", session, "https://sammen.example");
      expect(english.text).toContain("Klatring for alle, Wednesday 9 December 17:00–19:00, Klatreveggen");
      expect(english.unsubscribe).toBe(mail.unsubscribe);
    });

    it("list the sessions nobody logged in the weekly summary", () => {
      const mail = renderMail(
        "attendance_summary",
        "nb",
        {
          organisation: "Klatreklubben",
          organisation_id: "o1",
          sessions: [session, { ...session, on_date: "2026-12-02" }],
          unsubscribe_token: "cd",
        },
        "https://sammen.example",
      );
      expect(mail.text).toContain("- Klatring for alle, onsdag 9. desember 17:00–19:00, Klatreveggen");
      expect(mail.text).toContain("- Klatring for alle, onsdag 2. desember 17:00–19:00, Klatreveggen");
      expect(mail.unsubscribe).toBe("https://sammen.example/avmeld/cd");
    });

    it("carry RFC 8058's headers, and other e-mails none", () => {
      expect(unsubscribeHeaders("https://sammen.example/avmeld/cd")).toEqual({
        "List-Unsubscribe": "<https://sammen.example/avmeld/cd>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      });
      expect(unsubscribeHeaders(renderMail("invitation", "nb", payload, "http://x").unsubscribe)).toEqual({});
    });
  });
});
