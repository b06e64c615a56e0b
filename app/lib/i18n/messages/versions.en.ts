import type { versionsNb } from "./versions";

/** The English of versions.ts, in a module of its own so that a page loads only its language. */
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
