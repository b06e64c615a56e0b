import type { accountsNb } from "./accounts";

/** The English of accounts.ts, in a module of its own so that a page loads only its language. */
export const accountsEn: Record<keyof typeof accountsNb, string> = {
  "password.tooShort": "The password must have at least {min} characters.",
  "password.tooLong":
    "The password is too long. It may have at most 72 characters, fewer with æ, ø, å and other special characters.",
  "password.common":
    "This password is among the most used ones and is easy to guess. Choose another, perhaps a few words that belong together for you.",
  "password.tooSimple":
    "The password is a simple sequence or repeats the same characters, and is easy to guess. Choose another, perhaps a few words that belong together for you.",
  "password.basedOnName":
    "The password is built on “{name}”, which others can easily guess. Choose a password that is not made of a name or your e-mail address.",
  "password.characters": "The password lacks a required kind of character, such as a digit or a letter.",
  "signIn.sessionEnded":
    "You have been signed out because your session ended: after a while without activity, because it lasted as long as allowed, or because you signed out elsewhere. Sign in again to continue.",
};
