/** Messages of one area of the portal; nb.ts and en.ts take them in. */
export const staffNb = {};

export const staffEn: Record<keyof typeof staffNb, string> = {};
