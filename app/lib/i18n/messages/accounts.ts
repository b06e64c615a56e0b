/** Messages of one area of the portal; nb.ts and en.ts take them in. Passwords and sessions (R14). */
export const accountsNb = {
  "password.tooShort": "Passordet må ha minst {min} tegn.",
  "password.tooLong": "Passordet er for langt. Det kan ha høyst 72 tegn, færre med æ, ø, å og andre spesialtegn.",
  "password.common":
    "Dette passordet er blant dem som brukes mest, og er lett å gjette. Velg et annet, gjerne noen ord som hører sammen for deg.",
  "password.tooSimple":
    "Passordet er en enkel rekke eller gjentar de samme tegnene, og er lett å gjette. Velg et annet, gjerne noen ord som hører sammen for deg.",
  "password.basedOnName":
    "Passordet bygger på «{name}», som andre lett kan gjette. Velg et passord som ikke er laget av et navn eller av e-postadressen din.",
  "password.characters": "Passordet mangler tegn av en type som kreves, for eksempel et tall eller en bokstav.",
  "signIn.sessionEnded":
    "Du er logget ut fordi økten er avsluttet: etter en stund uten aktivitet, fordi den har vart så lenge som tillatt, eller fordi du logget ut et annet sted. Logg inn igjen for å fortsette.",
};
