import type { Message } from "./i18n";

/**
 * R14: passwords have at least 12 characters, and the easily guessed ones are refused with
 * the reason: the most used passwords, keyboard runs and repetitions, and passwords built on
 * the service's name, the person's e-mail address or their organisation's name. Length and a
 * check like this, rather than rules about character classes, is what NSM and NIST SP
 * 800-63B advise; passphrases ("tre grønne sykler i regnet") pass.
 *
 * Supabase Auth checks the length too (config.toml minimum_password_length); this adds what
 * Auth cannot know, and says it in the person's language before Auth is asked.
 */
export const MIN_PASSWORD_LENGTH = 12;
/** bcrypt reads 72 bytes; Auth refuses longer passwords. */
export const MAX_PASSWORD_BYTES = 72;

export type PasswordContext = {
  email?: string | null;
  /** Names the person is known by here: their organisation's or municipality's. */
  names?: (string | null | undefined)[];
};

// The most used passwords in leaked lists and Norwegian ones, and the words they are made
// of: "Passord2024!!" is "passord" with digits and symbols added, and is refused as such.
const common = new Set([
  "password",
  "passord",
  "qwerty",
  "hemmelig",
  "velkommen",
  "welcome",
  "letmein",
  "iloveyou",
  "sommer",
  "vinter",
  "fotball",
  "football",
  "admin",
  "test",
  "sunshine",
  "princess",
  "monkey",
  "dragon",
  "norge",
  "kommune",
  "123456789012",
  "1234567890123",
  "12345678901234",
  "123123123123",
  "123456123456",
  "qwertyuiopasdfghjkl",
  "qwertyuiop123",
  "qwerty123456",
  "1qaz2wsx3edc",
  "1q2w3e4r5t6y",
  "password1234",
  "password12345",
  "password123456",
  "passwordpassword",
  "iloveyou1234",
  "letmein12345",
  "welcome12345",
  "administrator",
  "changeme1234",
  "football1234",
  "baseball1234",
  "sunshine1234",
  "princess1234",
  "starwars1234",
  "trustno1trustno1",
  "passord1234",
  "passord12345",
  "passord123456",
  "passordpassord",
  "hemmelig1234",
  "hemmeligpassord",
  "sommer123456",
  "vinter123456",
  "fotball12345",
  "norge1234567",
  "jegelskerdeg",
  "mittpassord1",
  "mittpassord123",
  "nyttpassord123",
  "velkommen123",
  "velkommen1234",
  "kommune12345",
]);

const runs = [
  "0123456789".repeat(8),
  "abcdefghijklmnopqrstuvwxyzæøå",
  "qwertyuiopåasdfghjkløæzxcvbnm",
  "qwertzuiopasdfghjklyxcvbnm",
  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
];

const letters = (text: string) => text.toLowerCase().replace(/[^\p{L}]/gu, "");
const lettersAndDigits = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

/** Words of a name or address worth looking for in a password: the whole and its parts. */
function nameWords(context: PasswordContext): string[] {
  const words = new Set<string>(["sammen"]);
  const add = (text: string) => {
    const whole = letters(text);
    if (whole.length >= 4) words.add(whole);
    for (const part of text.toLowerCase().split(/[^\p{L}]+/u)) if (part.length >= 4) words.add(part);
  };
  for (const name of context.names ?? []) if (name) add(name);
  if (context.email) {
    const [local = "", domain = ""] = context.email.split("@");
    add(local);
    for (const label of domain.split(".").slice(0, -1)) add(label);
  }
  // Longest first, so that "klatreklubb" goes before "klatre".
  return [...words].sort((a, b) => b.length - a.length);
}

/** Why this password would be refused, or null when it is good enough. */
export function passwordProblem(password: string, context: PasswordContext = {}): Message | null {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return { key: "password.tooShort", params: { min: MIN_PASSWORD_LENGTH } };
  if (new TextEncoder().encode(password).length > MAX_PASSWORD_BYTES) return { key: "password.tooLong" };

  const plain = lettersAndDigits(password);
  const withoutTrailingDigits = plain.replace(/\d+$/, "");
  if (common.has(plain) || common.has(withoutTrailingDigits) || common.has(letters(password)))
    return { key: "password.common" };
  const reversed = [...plain].reverse().join("");
  if (new Set(plain).size < 5 || runs.some((run) => run.includes(plain) || run.includes(reversed)))
    return { key: "password.tooSimple" };

  // What is left once the names, digits and symbols are taken out must be a word of its own.
  let rest = letters(password);
  let used: string | undefined;
  for (const word of nameWords(context)) {
    if (!rest.includes(word)) continue;
    rest = rest.replaceAll(word, "");
    used ??= word;
  }
  if (used && rest.length < 4) return { key: "password.basedOnName", params: { name: used } };
  return null;
}
