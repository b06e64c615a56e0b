/**
 * Limits on input (issue 16, R12): what a refused request or field says. Messages of one area
 * of the portal; nb.ts and en.ts take them in.
 */
export const inputNb = {
  "input.badRequestTitle": "Forespørselen kunne ikke leses",
  "input.badRequestText": "Adressen eller skjemaet inneholdt noe denne siden ikke kan lese. Gå tilbake og prøv igjen.",
  "input.methodTitle": "Ikke tillatt her",
  "input.methodText": "Denne siden tar ikke imot det som ble sendt. Gå tilbake og prøv igjen.",
  "input.tooLargeTitle": "For stort",
  "input.tooLargeText":
    "Det du sendte, var for stort: høyst {megabytes} MB tas imot. Gå tilbake, forkort teksten eller velg en mindre fil, og prøv igjen.",
  "input.unsupportedTitle": "Ukjent innhold",
  "input.unsupportedText": "Denne siden tar bare imot skjemaer fra nettleseren. Gå tilbake og prøv igjen.",
  "input.invalidCharacter": "Feltet inneholder et tegn som ikke kan lagres. Skriv teksten på nytt uten det.",
  "input.numberTooLarge": "Tallet er for stort.",
  "input.cannotBeSaved": "Noe av det du skrev, kan ikke lagres slik det er. Sjekk feltene og prøv igjen.",
};
