/** Messages of one area of the portal; nb.ts and en.ts take them in. */
export const sessionsNb = {};

export const sessionsEn: Record<keyof typeof sessionsNb, string> = {};
