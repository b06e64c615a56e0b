import { describe, expect, it } from "vitest";
import { renderAgreementPdf } from "../../app/lib/agreement-pdf.server";
import type { AgreementPage } from "../../app/lib/agreements";
import { drawnPdf as drawn, pdfHex as hex } from "../support/pdf";

const hash = "ab".repeat(32);

function agreement(text: string): AgreementPage {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    status: "active",
    valid_from: "2026-01-01",
    valid_to: "2026-12-31",
    organisation: { id: "o", name: "Kongsberg Klatreklubb" },
    municipality: { id: "m", name: "Kongsberg" },
    sent_at: null,
    activated_at: null,
    replaces_id: null,
    terms: {
      covered_fees: "",
      equipment_cap_ore: 0,
      compensation_ore: 0,
      municipality_contact: "",
      organisation_contact: "",
    },
    template_version: 1,
    replaced_by: null,
    text,
    text_hash: hash,
    termination_reason: null,
    signatures: [
      {
        party: "organisation",
        signer_name: "Åse Ødegård",
        signer_role: "Styreleder",
        signed_at: "2026-01-02T10:00:00Z",
        text_hash: hash,
      },
      {
        party: "municipality",
        signer_name: "Siri Saksbehandler",
        signer_role: "Saksbehandler",
        signed_at: "2026-01-03T10:00:00Z",
        text_hash: hash,
      },
    ],
    activities: [],
    organisation_activities: null,
    facilitators: null,
    timeline: [],
    signer_check: null,
    can: {
      edit: false,
      send: false,
      sign: false,
      countersign: false,
      revise: false,
      terminate: false,
      name_facilitators: false,
      download: true,
      archive: false,
    },
  };
}

describe("the agreement PDF", () => {
  it("R6: shows the text, both signatures with name, role and time, and the text's SHA-256", async () => {
    const { text } = await drawn(await renderAgreementPdf(agreement("Samarbeidsavtale mellom partene")));
    expect(text).toContain(hex("Samarbeidsavtale mellom partene"));
    expect(text).toContain(hex(hash));
    expect(text).toContain(hex("Åse Ødegård, Styreleder"));
    expect(text).toContain(hex("Siri Saksbehandler, Saksbehandler"));
    expect(text).toContain(hex("Signert 3. januar 2026 kl. 11:00"));
  });

  it("lists the activities the agreement covers with their named facilitators, as of the day it was made", async () => {
    const named = { alongside: false, accepted_at: null, police_certificate_seen_on: null };
    const tone = { ...named, user_id: "u1", display_name: "Tone Tilrettelegger", email: "tone@example.test" };
    const per = { ...named, user_id: "u2", display_name: "Per Pedersen", email: "per@example.test", alongside: true };
    const covering = {
      ...agreement("Samarbeidsavtale"),
      activities: [
        { activity_id: "a1", title: "Klatring for alle", has_minors: false, facilitators: [tone, per] },
        { activity_id: "a2", title: "Buldring", has_minors: false, facilitators: [] },
      ],
    };
    const { text } = await drawn(await renderAgreementPdf(covering, "2026-01-03"));
    expect(text).toContain(hex("Aktiviteter og tilretteleggere"));
    expect(text).toContain(hex("Klatring for alle: Tone Tilrettelegger, Per Pedersen"));
    expect(text).toContain(hex("Buldring: Ikke utpekt"));
    expect(text).toContain(hex("Tilretteleggerne som var utpekt 3. januar 2026."));
  });

  it("wraps long text onto more pages and prints characters the font lacks as '?'", async () => {
    const long = Array.from(
      { length: 120 },
      (_, i) => `Punkt ${i + 1}: deltakeren skal få god oppfølging i aktiviteten hele året.`,
    ).join("\n");
    const { pages, text } = await drawn(await renderAgreementPdf(agreement(`${long}\nBeløp − fradrag ✓`)));
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain(hex("Beløp ? fradrag ?"));
  });
});
