/**
 * Norsk bokmål: the source of the message keys. Every key must also be in en.ts (the type
 * system checks). `{name}` is a parameter filled in by `translate`. Keys in snake_case are
 * the database's refusal keys (docs/decisions/005-refusals.md).
 */
export const nb = {
  "site.name": "Sammen",
  "site.tagline": "Fritid med bistand",
  "meta.title": "{page} – Sammen",

  "layout.skipLink": "Hopp til hovedinnhold",
  "layout.mainNav": "Hovedmeny",
  "layout.signedInAs": "Logget inn som {name}",
  "layout.signIn": "Logg inn",
  "layout.register": "Registrer deg",
  "layout.signOut": "Logg ut",
  "layout.accessibility": "Tilgjengelighetserklæring",
  "layout.footerAbout":
    "Sammen er portalen der kommunen og frivillige organisasjoner samarbeider om fritid med bistand.",

  "language.label": "Språk",

  "role.caseworker": "saksbehandler",
  "role.admin": "administrator",
  "role.facilitator": "tilrettelegger",
  "role.inMunicipality": "{municipality} kommune – {role}",
  "role.inOrganisation": "{organisation} – {role}",

  "home.title": "Forsiden",
  "home.heading": "Fritid med bistand – sammen",
  "home.lead":
    "Sammen hjelper kommunen og frivillige lag og foreninger å samarbeide, slik at personer som trenger bistand kan delta i vanlige fritidsaktiviteter, sammen med andre.",
  "home.howItWorks":
    "Kommunen og organisasjonen inngår en samarbeidsavtale. En tilrettelegger i aktiviteten tar imot deltakeren, og kommunen dekker kontingent og utstyr etter avtalen.",
  "home.visitorHeading": "Kom i gang",
  "home.visitorText":
    "Logg inn for å se organisasjonene og kommunene du har en rolle i. Er du ny, kan du opprette en konto.",
  "home.staffHeading": "Kommunene dine",
  "home.organisationsHeading": "Mine organisasjoner",
  "home.noRoles": "Du har ingen roller ennå. Når en kommune eller en organisasjon gir deg tilgang, ser du dem her.",
  "home.comingSoon": "Sidene for dette kommer snart.",

  "form.errorSummary": "Skjemaet har feil som må rettes",
  "form.pending": "Sender …",

  "field.name": "Navn",
  "field.nameHint": "Slik vises du for andre i Sammen.",
  "field.email": "E-postadresse",
  "field.password": "Passord",
  "field.newPassword": "Nytt passord",
  "field.passwordHint": "Minst 8 tegn.",

  "validation.required": "Fyll ut feltet.",
  "validation.invalid": "Sjekk det du har skrevet i feltet.",
  "validation.nameRequired": "Skriv inn navnet ditt.",
  "validation.emailRequired": "Skriv inn e-postadressen din.",
  "validation.emailInvalid": "Skriv inn en gyldig e-postadresse, for eksempel navn@eksempel.no.",
  "validation.passwordRequired": "Skriv inn passordet ditt.",
  "validation.passwordTooShort": "Passordet må ha minst 8 tegn.",

  "signIn.title": "Logg inn",
  "signIn.submit": "Logg inn",
  "signIn.forgot": "Glemt passordet?",
  "signIn.noAccount": "Har du ingen konto?",
  "signIn.wrongCredentials": "Feil e-postadresse eller passord. Sjekk det du har skrevet og prøv igjen.",
  "signIn.emailNotConfirmed":
    "Du har ikke bekreftet e-postadressen din ennå. Åpne lenken i e-posten vi sendte da du registrerte deg.",
  "auth.rateLimited": "For mange forsøk på kort tid. Vent litt og prøv igjen.",

  "register.title": "Registrer deg",
  "register.lead": "Med en konto kan du samarbeide med kommunen om fritid med bistand.",
  "register.submit": "Opprett konto",
  "register.haveAccount": "Har du allerede en konto?",
  "register.weakPassword": "Passordet er for svakt. Velg et lengre passord.",
  "register.checkEmailTitle": "Sjekk e-posten din",
  "register.checkEmailText":
    "Vi har sendt deg en e-post. Åpne lenken i den for å bekrefte e-postadressen og fullføre registreringen. Lenken virker i én time.",
  "register.checkEmailSpam": "Finner du ikke e-posten? Se i søppelpost-mappen.",

  "confirm.invalidTitle": "Lenken virker ikke",
  "confirm.invalidText":
    "Lenken er allerede brukt, eller den har gått ut. Lenker i e-post fra Sammen virker i én time.",
  "confirm.newLink": "Få tilsendt en ny lenke",

  "forgot.title": "Glemt passord",
  "forgot.lead": "Skriv inn e-postadressen din, så sender vi deg en lenke der du kan velge et nytt passord.",
  "forgot.submit": "Send lenke",
  "forgot.sent":
    "Hvis det finnes en konto med e-postadressen {email}, har vi nå sendt en lenke for å velge nytt passord. Lenken virker i én time.",

  "newPassword.title": "Velg nytt passord",
  "newPassword.submit": "Lagre passordet",
  "newPassword.saved": "Passordet er lagret.",
  "newPassword.samePassword": "Det nye passordet må være forskjellig fra det gamle.",
  "newPassword.toHome": "Gå til forsiden",

  "notFound.title": "Fant ikke siden",
  "notFound.text": "Siden du leter etter finnes ikke, eller den er flyttet. Sjekk at adressen er riktig.",
  "error.title": "Noe gikk galt",
  "error.text": "Det oppstod en feil hos oss. Prøv igjen om litt.",
  "error.forbiddenTitle": "Ingen tilgang",
  "error.forbiddenText": "Du har ikke tilgang til denne siden.",
  "error.toHome": "Gå til forsiden",
  "error.notSaved": "Det du sendte ble ikke lagret, fordi forbindelsen eller tjenesten sviktet. Prøv igjen om litt.",
  "error.unknown": "Noe gikk galt, og det du sendte ble ikke lagret. Prøv igjen.",

  "nav.attendance": "Oppmøte denne uka",
  "nav.participants": "Deltakere",
  "nav.placements": "Tiltak",
  "nav.inMunicipality": "{page} i {municipality}",

  "week.title": "Oppmøte",
  "week.heading": "Oppmøte uke {week}",
  "week.range": "{from} – {to}",
  "week.nav": "Bla mellom uker",
  "week.previous": "Forrige uke",
  "week.next": "Neste uke",
  "week.current": "Denne uka",
  "week.noSessions": "Du har ingen økter denne uka. Her ser du øktene i aktivitetene der du er tilrettelegger for deltakere.",
  "week.cancelled": "Økta er avlyst.",
  "week.noParticipants": "Ingen deltakere denne dagen.",
  "week.person": "{name}, {band} år",
  "week.sharedNote": "Fra kommunen: {note}",
  "week.present": "Til stede",
  "week.absent": "Borte",
  "week.note": "Merknad om {name} (valgfritt)",
  "week.save": "Lagre",
  "week.saved": "Oppmøtet er lagret.",
  "week.failedHeading": "Oppmøtet er ikke lagret",
  "week.marksKept": "Det du har krysset av, står fortsatt her.",

  "a11y.title": "Tilgjengelighetserklæring",
  "a11y.intro":
    "Sammen skal kunne brukes av alle. Som en løsning for offentlige tjenester skal den oppfylle kravene til universell utforming i forskrift om universell utforming av IKT-løsninger.",
  "a11y.statusHeading": "Hvordan vi arbeider med tilgjengelighet",
  "a11y.status":
    "Målet er at alle sider oppfyller WCAG 2.1 på nivå AA. Sidene kan brukes med tastatur alene og med skjermleser, skjemaer viser feil både øverst og ved feltet, og vi tester hver side automatisk for kjente tilgjengelighetsfeil.",
  "a11y.knownHeading": "Kjente mangler",
  "a11y.known": "Vi kjenner ikke til brudd på kravene nå. Finner du noe som ikke virker, vil vi gjerne høre om det.",
  "a11y.reportHeading": "Meld fra om problemer",
  "a11y.report":
    "Fortell oss hvilken side det gjelder og hva som ikke virker. Vi svarer så snart vi kan, og senest innen to uker.",
  "a11y.reportEmail": "E-post:",
  "a11y.complainHeading": "Klage",
  "a11y.complain":
    "Får du ikke svar, eller er du ikke fornøyd med svaret, kan du melde fra til Tilsynet for universell utforming av ikt.",
  "a11y.complainLink": "Meld fra til tilsynet (uutilsynet.no)",

  not_allowed: "Du har ikke tilgang til å gjøre dette.",
  sign_in_required: "Du må logge inn først.",
  not_found: "Fant ikke det du lette etter. Det kan være slettet.",
  attendance_in_future: "Du kan ikke føre oppmøte for en økt som ikke har vært ennå.",
  attendance_outside_placement: "Økta er utenfor perioden deltakeren har tiltak i aktiviteten.",
  attendance_edit_window_closed:
    "Oppmøte kan bare føres eller rettes i {days} dager etter økta. Kontakt saksbehandleren i kommunen for å rette det.",
  marks_invalid: "Oppmøtet kom ikke fram riktig. Last siden på nytt og prøv igjen.",
};
