import type { inputNb } from "./input";

/** The English of input.ts, in a module of its own so that a page loads only its language. */
export const inputEn: Record<keyof typeof inputNb, string> = {
  "input.badRequestTitle": "The request could not be read",
  "input.badRequestText": "The address or the form held something this page cannot read. Go back and try again.",
  "input.methodTitle": "Not allowed here",
  "input.methodText": "This page does not accept what was sent. Go back and try again.",
  "input.tooLargeTitle": "Too large",
  "input.tooLargeText":
    "What you sent was too large: at most {megabytes} MB is accepted. Go back, shorten the text or choose a smaller file, and try again.",
  "input.unsupportedTitle": "Unknown content",
  "input.unsupportedText": "This page only accepts forms from the browser. Go back and try again.",
  "input.invalidCharacter": "The field contains a character that cannot be saved. Type the text again without it.",
  "input.numberTooLarge": "The number is too large.",
  "input.cannotBeSaved": "Some of what you entered cannot be saved as it is. Check the fields and try again.",
};
