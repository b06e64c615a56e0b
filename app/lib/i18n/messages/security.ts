/** Messages of one area of the portal; nb.ts and en.ts take them in. */
export const securityNb = {};

export const securityEn: Record<keyof typeof securityNb, string> = {};
