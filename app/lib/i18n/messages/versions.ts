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

export const versionsEn: Record<keyof typeof versionsNb, string> = {
  stale_version:
    "{by} saved changes {at} while you were editing. What you typed is kept but not saved. See what was changed, keep what you want, and save again.",
  stale_version_unknown:
    "Someone else saved changes while you were editing. What you typed is kept but not saved. See what was changed, keep what you want, and save again.",
  "staleVersion.changes": "Saved now:",
  "staleVersion.empty": "(empty)",
  "staleVersion.yes": "Yes",
  "staleVersion.no": "No",
  "staleVersion.sameAsYours": "No field differs from what you typed.",
};
