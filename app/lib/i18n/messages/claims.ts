/** Messages of one area of the portal; nb.ts and en.ts take them in. */
export const claimsNb = {};

export const claimsEn: Record<keyof typeof claimsNb, string> = {};
