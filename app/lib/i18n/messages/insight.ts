/** Messages of one area of the portal; nb.ts and en.ts take them in. */
export const insightNb = {};

export const insightEn: Record<keyof typeof insightNb, string> = {};
