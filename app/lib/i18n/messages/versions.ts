/** Messages of one area of the portal; nb.ts and en.ts take them in. A save made from a stale version. */
export const versionsNb = {
  stale_version:
    "{by} lagret endringer {at}, mens du redigerte. Det du skrev er beholdt, men ikke lagret. Se hva som ble endret, ta med det du vil beholde, og lagre på nytt.",
  stale_version_unknown:
    "Noen andre lagret endringer mens du redigerte. Det du skrev er beholdt, men ikke lagret. Se hva som ble endret, ta med det du vil beholde, og lagre på nytt.",
  "staleVersion.changes": "Nå lagret:",
  "staleVersion.empty": "(tomt)",
  "staleVersion.yes": "Ja",
  "staleVersion.no": "Nei",
  "staleVersion.sameAsYours": "Ingen felt skiller seg fra det du skrev.",
};
