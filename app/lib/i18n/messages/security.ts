/** Messages of one area of the portal; nb.ts and en.ts take them in. */
export const securityNb = {
  "security.tooManyAttempts": "For mange forsøk på kort tid. Vent {minutes} min og prøv igjen.",
  "security.uploadTooLarge": "Det du sendte er for stort. Filene kan til sammen være på høyst {megabytes} MB.",
};

export const securityEn: Record<keyof typeof securityNb, string> = {
  "security.tooManyAttempts": "Too many attempts in a short time. Wait {minutes} min and try again.",
  "security.uploadTooLarge": "What you sent is too large. The files may be at most {megabytes} MB together.",
};
