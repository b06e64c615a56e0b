import { formatDate, formatKroner } from "../format";
import { plural } from "../i18n";

/**
 * The e-mails the portal sends from its outbox (app.outbox), in bokmål and English. Each
 * template gets the payload the database queued and the site's address for links.
 */
export type Locale = "nb" | "en";
/** `unsubscribe`: the one-click opt-out address (RFC 8058), for the List-Unsubscribe headers. */
export type Mail = { subject: string; text: string; unsubscribe?: string };
type Payload = Record<string, unknown>;
type Render = (payload: Payload, site: string) => Mail;

const str = (value: unknown) => (value === null || value === undefined ? "" : String(value));
/** A calendar date from the payload as the reader's language writes it. */
const day = (value: unknown, locale: Locale) => (value ? formatDate(str(value), "long", locale) : "");

const decisionNb: Record<string, string> = {
  verified: "godkjent",
  declined: "avslått",
  suspended: "suspendert",
  approved: "godkjent",
  rejected: "avslått",
  needs_info: "trenger mer informasjon",
};
// What has happened to a claim, as the rest of a sentence that starts with the claim.
const claimDecidedNb: Record<string, string> = {
  approved: "er godkjent",
  rejected: "er avslått",
  needs_info: "trenger mer informasjon",
};
const claimDecidedEn: Record<string, string> = {
  approved: "is approved",
  rejected: "is rejected",
  needs_info: "needs more information",
};
const decisionEn: Record<string, string> = {
  verified: "verified",
  declined: "declined",
  suspended: "suspended",
  approved: "approved",
  rejected: "rejected",
  needs_info: "needs more information",
};
const roleNb: Record<string, string> = {
  admin: "administrator",
  facilitator: "tilrettelegger",
  caseworker: "saksbehandler",
  juror: "jurymedlem",
};

const footerNb = "\n\nHilsen Sammen – fritid med bistand\nDenne e-posten er sendt automatisk.";
const footerEn = "\n\nSammen – leisure with assistance\nThis e-mail was sent automatically.";

/** A session as a reminder names it: "Klatring, onsdag 9. desember 17:00–19:00, Klatreveggen". */
function sessionLine(p: Payload, locale: Locale) {
  const when = `${p.on_date ? formatDate(str(p.on_date), "weekday", locale) : ""} ${str(p.starts_at)}–${str(p.ends_at)}`;
  return [str(p.activity), when, str(p.place)].filter((part) => part.trim() !== "").join(", ");
}

/**
 * A reminder's body with its way out: the one-click link that turns this kind off, and the page
 * where all reminders are chosen. The link also goes into the List-Unsubscribe header.
 */
function reminder(locale: Locale, subject: string, body: string, p: Payload, site: string): Mail {
  const unsubscribe = `${site}/avmeld/${str(p.unsubscribe_token)}`;
  const way =
    locale === "nb"
      ? `Slå av denne typen påminnelser:\n${unsubscribe}\n\nVelg hvilke påminnelser du får:\n${site}/varsler`
      : `Turn this kind of reminder off:\n${unsubscribe}\n\nChoose which reminders you get:\n${site}/varsler`;
  return { subject, text: `${body}\n\n${way}${locale === "nb" ? footerNb : footerEn}`, unsubscribe };
}

const expectedNb = (p: Payload) => (Number(p.expected) === 1 ? "1 deltaker" : `${str(p.expected)} deltakere`);
const expectedEn = (p: Payload) => (Number(p.expected) === 1 ? "1 participant" : `${str(p.expected)} participants`);
const weekOf = (p: Payload) => `?uke=${str(p.on_date)}`;
const sessionList = (p: Payload, locale: Locale) =>
  (Array.isArray(p.sessions) ? (p.sessions as Payload[]) : []).map((s) => `- ${sessionLine(s, locale)}`).join("\n");

const templates: Record<string, Record<Locale, Render>> = {
  session_ahead: {
    nb: (p, site) =>
      reminder(
        "nb",
        `I morgen: ${str(p.activity)} kl. ${str(p.starts_at)}`,
        `Påminnelse om økten i morgen:\n${sessionLine(p, "nb")}\n\nForventet: ${expectedNb(p)}.\n\nSe uken og før oppmøte:\n${site}/tilrettelegger${weekOf(p)}`,
        p,
        site,
      ),
    en: (p, site) =>
      reminder(
        "en",
        `Tomorrow: ${str(p.activity)} at ${str(p.starts_at)}`,
        `A reminder of tomorrow's session:\n${sessionLine(p, "en")}\n\nExpected: ${expectedEn(p)}.\n\nSee the week and log attendance:\n${site}/tilrettelegger${weekOf(p)}`,
        p,
        site,
      ),
  },
  attendance_missing: {
    nb: (p, site) =>
      reminder(
        "nb",
        `Oppmøtet er ikke ført: ${str(p.activity)} ${day(p.on_date, "nb")}`,
        `Ingen har ført oppmøte for denne økten ennå:\n${sessionLine(p, "nb")}\n\nFør oppmøtet her:\n${site}/tilrettelegger${weekOf(p)}`,
        p,
        site,
      ),
    en: (p, site) =>
      reminder(
        "en",
        `Attendance not logged: ${str(p.activity)} ${day(p.on_date, "en")}`,
        `Nobody has logged attendance for this session yet:\n${sessionLine(p, "en")}\n\nLog it here:\n${site}/tilrettelegger${weekOf(p)}`,
        p,
        site,
      ),
  },
  attendance_summary: {
    nb: (p, site) =>
      reminder(
        "nb",
        `Økter uten ført oppmøte i ${str(p.organisation)}`,
        `Disse øktene de siste to ukene har ikke ført oppmøte:\n${sessionList(p, "nb")}\n\nTilretteleggerne fører oppmøtet i Sammen. Se organisasjonen:\n${site}/organisasjoner/${str(p.organisation_id)}`,
        p,
        site,
      ),
    en: (p, site) =>
      reminder(
        "en",
        `Sessions without logged attendance in ${str(p.organisation)}`,
        `These sessions of the last two weeks have no attendance logged:\n${sessionList(p, "en")}\n\nThe facilitators log attendance in Sammen. See the organisation:\n${site}/organisasjoner/${str(p.organisation_id)}`,
        p,
        site,
      ),
  },
  invitation: {
    nb: (p, site) => ({
      subject: `Invitasjon til ${str(p.target)} i Sammen`,
      text: `${str(p.invited_by) || "Noen"} har invitert deg som ${roleNb[str(p.role)] ?? str(p.role)} i ${str(p.target)}.\n\nGodta invitasjonen her:\n${site}/invitasjon/${str(p.token)}\n\nInvitasjonen gjelder i 14 dager.${footerNb}`,
    }),
    en: (p, site) => ({
      subject: `Invitation to ${str(p.target)} in Sammen`,
      text: `${str(p.invited_by) || "Someone"} has invited you as ${str(p.role)} in ${str(p.target)}.\n\nAccept the invitation here:\n${site}/invitasjon/${str(p.token)}\n\nThe invitation is valid for 14 days.${footerEn}`,
    }),
  },
  partnership_decided: {
    nb: (p, site) => ({
      subject: `${str(p.municipality)} kommune har ${decisionNb[str(p.decision)] ?? str(p.decision)} ${str(p.organisation)}`,
      text: `${str(p.municipality)} kommune har ${decisionNb[str(p.decision)] ?? str(p.decision)} ${str(p.organisation)} som samarbeidspartner.${p.reason ? `\n\nBegrunnelse: ${str(p.reason)}` : ""}\n\nSe organisasjonen din:\n${site}/mine-organisasjoner${footerNb}`,
    }),
    en: (p, site) => ({
      subject: `${str(p.municipality)} municipality has ${decisionEn[str(p.decision)] ?? str(p.decision)} ${str(p.organisation)}`,
      text: `${str(p.municipality)} municipality has ${decisionEn[str(p.decision)] ?? str(p.decision)} ${str(p.organisation)} as a partner.${p.reason ? `\n\nReason: ${str(p.reason)}` : ""}\n\nSee your organisation:\n${site}/mine-organisasjoner${footerEn}`,
    }),
  },
  agreement_to_sign: {
    nb: (p, site) => ({
      subject: `Samarbeidsavtale fra ${str(p.municipality)} kommune til signering`,
      text: `${str(p.municipality)} kommune har sendt en samarbeidsavtale som venter på signaturen deres.${p.replaces_unsigned ? " Den erstatter avtalen kommunen sendte tidligere, som dere ikke trenger å signere." : ""}\n\nLes og signer avtalen:\n${site}/avtaler/${str(p.agreement_id)}${footerNb}`,
    }),
    en: (p, site) => ({
      subject: `Cooperation agreement from ${str(p.municipality)} municipality to sign`,
      text: `${str(p.municipality)} municipality has sent a cooperation agreement that awaits your signature.${p.replaces_unsigned ? " It replaces the agreement the municipality sent earlier, which you need not sign." : ""}\n\nRead and sign it:\n${site}/avtaler/${str(p.agreement_id)}${footerEn}`,
    }),
  },
  agreement_to_countersign: {
    nb: (p, site) => ({
      subject: `${str(p.organisation)} har signert samarbeidsavtalen`,
      text: `${str(p.organisation)} har signert samarbeidsavtalen. Den venter på kommunens kontrasignatur:\n${site}/avtaler/${str(p.agreement_id)}${footerNb}`,
    }),
    en: (p, site) => ({
      subject: `${str(p.organisation)} has signed the cooperation agreement`,
      text: `${str(p.organisation)} has signed the cooperation agreement. It awaits the municipality's countersignature:\n${site}/avtaler/${str(p.agreement_id)}${footerEn}`,
    }),
  },
  agreement_active: {
    nb: (p, site) => ({
      subject: "Samarbeidsavtalen er signert av begge parter",
      text: `Samarbeidsavtalen med ${str(p.municipality)} kommune er nå aktiv. Last ned avtalen:\n${site}/avtaler/${str(p.agreement_id)}${footerNb}`,
    }),
    en: (p, site) => ({
      subject: "The cooperation agreement is signed by both parties",
      text: `The cooperation agreement with ${str(p.municipality)} municipality is now active. Download it:\n${site}/avtaler/${str(p.agreement_id)}${footerEn}`,
    }),
  },
  agreement_terminated: {
    nb: (p, site) => ({
      subject: "Samarbeidsavtalen er sagt opp",
      text: `Samarbeidsavtalen er sagt opp.\n\nBegrunnelse: ${str(p.reason)}\n\n${site}/avtaler/${str(p.agreement_id)}${footerNb}`,
    }),
    en: (p, site) => ({
      subject: "The cooperation agreement has been terminated",
      text: `The cooperation agreement has been terminated.\n\nReason: ${str(p.reason)}\n\n${site}/avtaler/${str(p.agreement_id)}${footerEn}`,
    }),
  },
  agreement_expiring: {
    nb: (p, site) => ({
      subject: `Samarbeidsavtalen utløper om ${str(p.days_before)} dager`,
      text: `Samarbeidsavtalen${p.organisation ? ` med ${str(p.organisation)}` : ""} gjelder til ${day(p.valid_to, "nb")}. Husk å fornye den i tide.\n\n${site}/avtaler/${str(p.agreement_id)}${footerNb}`,
    }),
    en: (p, site) => ({
      subject: `The cooperation agreement expires in ${str(p.days_before)} days`,
      text: `The cooperation agreement${p.organisation ? ` with ${str(p.organisation)}` : ""} is valid until ${day(p.valid_to, "en")}. Remember to renew it in time.\n\n${site}/avtaler/${str(p.agreement_id)}${footerEn}`,
    }),
  },
  facilitator_named: {
    nb: (p, site) => ({
      subject: `Du er utpekt som tilrettelegger for ${str(p.activity)}`,
      text: `Du er utpekt som tilrettelegger for ${str(p.activity)}. Godta rollen og signer taushetserklæringen:\n${site}/tilrettelegger/roller${footerNb}`,
    }),
    en: (p, site) => ({
      subject: `You are named facilitator for ${str(p.activity)}`,
      text: `You are named facilitator for ${str(p.activity)}. Accept the role and sign the confidentiality declaration:\n${site}/tilrettelegger/roller${footerEn}`,
    }),
  },
  claim_submitted: {
    nb: (p, site) => ({
      subject: `Nytt refusjonskrav ${str(p.reference)} fra ${str(p.organisation)}`,
      text: `${str(p.organisation)} har sendt refusjonskrav ${str(p.reference)}.\n\n${site}/refusjoner/${str(p.claim_id)}${footerNb}`,
    }),
    en: (p, site) => ({
      subject: `New reimbursement claim ${str(p.reference)} from ${str(p.organisation)}`,
      text: `${str(p.organisation)} has submitted claim ${str(p.reference)}.\n\n${site}/refusjoner/${str(p.claim_id)}${footerEn}`,
    }),
  },
  claim_answered: {
    nb: (p, site) => ({
      subject: `Svar på spørsmål om refusjonskrav ${str(p.reference)} fra ${str(p.organisation)}`,
      text: `${str(p.organisation)} har svart på spørsmålet ditt om refusjonskrav ${str(p.reference)}, og kravet venter på vedtak igjen.\n\n${site}/refusjoner/${str(p.claim_id)}${footerNb}`,
    }),
    en: (p, site) => ({
      subject: `Answer to your question on claim ${str(p.reference)} from ${str(p.organisation)}`,
      text: `${str(p.organisation)} has answered your question on claim ${str(p.reference)}, and the claim awaits a decision again.\n\n${site}/refusjoner/${str(p.claim_id)}${footerEn}`,
    }),
  },
  claim_decided: {
    nb: (p, site) => ({
      subject: `Refusjonskrav ${str(p.reference)}: ${decisionNb[str(p.decision)] ?? str(p.decision)}`,
      text: `Refusjonskrav ${str(p.reference)} ${claimDecidedNb[str(p.decision)] ?? str(p.decision)}.${p.reason ? `\n\n${str(p.reason)}` : ""}\n\n${site}/refusjoner/${str(p.claim_id)}${footerNb}`,
    }),
    en: (p, site) => ({
      subject: `Claim ${str(p.reference)}: ${decisionEn[str(p.decision)] ?? str(p.decision)}`,
      text: `Claim ${str(p.reference)} ${claimDecidedEn[str(p.decision)] ?? str(p.decision)}.${p.reason ? `\n\n${str(p.reason)}` : ""}\n\n${site}/refusjoner/${str(p.claim_id)}${footerEn}`,
    }),
  },
  claims_paid: {
    nb: (p, site) => ({
      subject: `${str(p.municipality)} kommune har utbetalt ${plural("nb", "mail.claims", count(p))}`,
      text: `${str(p.municipality)} kommune har utbetalt ${formatKroner(Number(p.amount_ore ?? 0))} den ${day(p.paid_on, "nb")} med referanse ${str(p.payment_reference)}.\n\n${paidClaims(p, site)}${footerNb}`,
    }),
    en: (p, site) => ({
      subject: `${str(p.municipality)} municipality has paid ${plural("en", "mail.claims", count(p))}`,
      text: `${str(p.municipality)} municipality has paid ${formatKroner(Number(p.amount_ore ?? 0))} on ${day(p.paid_on, "en")} with the reference ${str(p.payment_reference)}.\n\n${paidClaims(p, site)}${footerEn}`,
    }),
  },
  organisation_registered: {
    nb: (p, site) => ({
      subject: `${str(p.organisation)} vil samarbeide med ${str(p.municipality)} kommune`,
      text: `${str(p.organisation)} har registrert seg i Sammen og vil samarbeide med ${str(p.municipality)} kommune. Organisasjonen venter på at dere godkjenner den:\n${site}/kommune/${str(p.municipality_id)}/organisasjoner/${str(p.organisation_id)}\n\nVil du ikke få slike e-poster, kan du slå dem av på arbeidslisten din:\n${site}/kommune/${str(p.municipality_id)}${footerNb}`,
    }),
    en: (p, site) => ({
      subject: `${str(p.organisation)} wants to work with ${str(p.municipality)} municipality`,
      text: `${str(p.organisation)} has registered in Sammen and wants to work with ${str(p.municipality)} municipality. The organisation awaits your verification:\n${site}/kommune/${str(p.municipality_id)}/organisasjoner/${str(p.organisation_id)}\n\nIf you do not want these e-mails, you can turn them off on your work list:\n${site}/kommune/${str(p.municipality_id)}${footerEn}`,
    }),
  },
  nomination_confirm: {
    nb: (p, site) => ({
      subject: `Bekreft nominasjonen av ${str(p.organisation)}`,
      text: `Takk for at du nominerte ${str(p.organisation)} til ${str(p.round)}. Bekreft e-postadressen din, så teller nominasjonen:\n${site}/inkluderingspris/bekreft/${str(p.token)}${footerNb}`,
    }),
    en: (p, site) => ({
      subject: `Confirm your nomination of ${str(p.organisation)}`,
      text: `Thank you for nominating ${str(p.organisation)} for ${str(p.round)}. Confirm your e-mail address so the nomination counts:\n${site}/inkluderingspris/bekreft/${str(p.token)}${footerEn}`,
    }),
  },
  nomination_received: {
    nb: (p) => ({
      subject: `Dere er nominert til ${str(p.round)}`,
      text: `Organisasjonen deres er nominert til ${str(p.round)}. Gratulerer!${footerNb}`,
    }),
    en: (p) => ({
      subject: `You are nominated for ${str(p.round)}`,
      text: `Your organisation has been nominated for ${str(p.round)}. Congratulations!${footerEn}`,
    }),
  },
  juror_added: {
    nb: (p, site) => ({
      subject: `Du er med i juryen for ${str(p.round)}`,
      text: `Du er lagt til som jurymedlem i ${str(p.round)}. Når nominasjonene er vurdert, gir du poeng her:\n${site}/jury/${str(p.round_id)}${footerNb}`,
    }),
    en: (p, site) => ({
      subject: `You are on the jury for ${str(p.round)}`,
      text: `You have been added as a juror for ${str(p.round)}. Once the nominations are screened, you score them here:\n${site}/jury/${str(p.round_id)}${footerEn}`,
    }),
  },
  prize_won: {
    nb: (p, site) => ({
      subject: `Dere har vunnet ${str(p.round)}!`,
      text: `Gratulerer! Organisasjonen deres har vunnet ${str(p.round)}.\n\n«${str(p.citation)}»\n\n${site}/inkluderingspris${footerNb}`,
    }),
    en: (p, site) => ({
      subject: `You have won ${str(p.round)}!`,
      text: `Congratulations! Your organisation has won ${str(p.round)}.\n\n“${str(p.citation)}”\n\n${site}/inkluderingspris${footerEn}`,
    }),
  },
};

const count = (p: Payload) => Number(p.count ?? 0);

/** The paid claims' references with links: one claim's page, each on a line. */
function paidClaims(p: Payload, site: string) {
  const claims = Array.isArray(p.claims) ? (p.claims as { id?: unknown; reference?: unknown }[]) : [];
  return claims.map((claim) => `${str(claim.reference)}: ${site}/refusjoner/${str(claim.id)}`).join("\n");
}

export function renderMail(template: string, locale: Locale, payload: Payload, site: string): Mail {
  const render = templates[template]?.[locale];
  if (!render) throw new Error(`No e-mail template "${template}" (${locale})`);
  return render(payload, site.replace(/\/$/, ""));
}

export const mailTemplates = Object.keys(templates);
