/** Messages of one area of the portal; nb.ts and en.ts take them in. */
export const agreementsNb = {};

export const agreementsEn: Record<keyof typeof agreementsNb, string> = {};
