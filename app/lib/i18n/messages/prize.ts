/** Messages of one area of the portal; nb.ts and en.ts take them in. */
export const prizeNb = {};

export const prizeEn: Record<keyof typeof prizeNb, string> = {};
