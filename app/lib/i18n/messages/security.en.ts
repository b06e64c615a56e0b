import type { securityNb } from "./security";

/** The English of security.ts, in a module of its own so that a page loads only its language. */
export const securityEn: Record<keyof typeof securityNb, string> = {
  "security.tooManyAttempts": "Too many attempts in a short time. Wait {minutes} min and try again.",
};
