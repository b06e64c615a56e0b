/** Messages of one area of the portal; nb.ts and en.ts take them in. */
export const securityNb = {
  "security.tooManyAttempts": "For mange forsøk på kort tid. Vent {minutes} min og prøv igjen.",
};
