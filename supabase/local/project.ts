import fs from "node:fs";
import path from "node:path";
import { supabaseDir } from "./config";

/**
 * The settings of supabase/config.toml that the local stack honours, read the way the
 * Supabase CLI reads them, so that one file configures `supabase start`, a hosted project
 * (`supabase config push`) and this stack alike.
 */
type Value = string | number | boolean | string[];
type Tables = Map<string, Map<string, Value>>;

/**
 * The part of TOML that config.toml uses: [tables], `key = value` with strings, numbers,
 * booleans and one-line arrays of strings, and comments. Anything else is an error, so that
 * a setting is never silently ignored.
 */
export function parseToml(text: string): Tables {
  const tables: Tables = new Map([["", new Map()]]);
  let current = tables.get("")!;
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.replace(/^((?:[^#"]|"(?:[^"\\]|\\.)*")*)#.*$/, "$1").trim();
    if (line === "") continue;
    const table = /^\[([\w.-]+)\]$/.exec(line);
    if (table) {
      current = new Map();
      tables.set(table[1]!, current);
      continue;
    }
    const pair = /^([\w-]+)\s*=\s*(.+)$/.exec(line);
    const value = pair ? tomlValue(pair[2]!) : undefined;
    if (!pair || value === undefined) throw new Error(`config.toml line ${index + 1}: cannot read "${raw.trim()}"`);
    current.set(pair[1]!, value);
  }
  return tables;
}

function tomlValue(text: string): Value | undefined {
  if (text === "true" || text === "false") return text === "true";
  if (/^-?\d+$/.test(text)) return Number(text);
  if (/^"(?:[^"\\]|\\.)*"$/.test(text)) return JSON.parse(text) as string;
  const array = /^\[(.*)\]$/.exec(text);
  if (!array) return undefined;
  const items = array[1]!.match(/"(?:[^"\\]|\\.)*"/g) ?? [];
  return items.map((item) => JSON.parse(item) as string);
}

/** A Go duration ("12h", "30m", "1h30m", "90s", "0"), as the CLI reads [auth.sessions], in seconds. */
export function goDurationSeconds(text: string): number {
  if (text === "0") return 0;
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== text) {
    throw new Error(`config.toml: "${text}" is not a duration such as "12h" or "30m"`);
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * units[unit!]!, 0);
}

/** GOTRUE_PASSWORD_REQUIRED_CHARACTERS for each `password_requirements` value (the CLI's ToChar). */
const requiredCharacters: Record<string, string[]> = {
  "": [],
  letters_digits: ["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"],
  lower_upper_letters_digits: ["abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"],
  lower_upper_letters_digits_symbols: [
    "abcdefghijklmnopqrstuvwxyz",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "0123456789",
    "!@#$%^&*()_+-=[]{};'\\:\"|<>?,./`~",
  ],
};

export function readProjectConfig(file = path.join(supabaseDir, "config.toml")) {
  const tables = parseToml(fs.readFileSync(file, "utf8"));
  const get = (table: string, key: string) => tables.get(table)?.get(key);
  const str = (table: string, key: string, fallback: string) => String(get(table, key) ?? fallback);
  const num = (table: string, key: string, fallback: number) => Number(get(table, key) ?? fallback);

  const requirements = str("auth", "password_requirements", "");
  const characters = requiredCharacters[requirements];
  if (!characters) throw new Error(`config.toml: unknown [auth] password_requirements "${requirements}"`);
  return {
    jwtExpirySeconds: num("auth", "jwt_expiry", 3600),
    minimumPasswordLength: num("auth", "minimum_password_length", 6),
    requiredCharacters: characters,
    /** [auth.sessions]: 0 means no limit, as in GoTrue. */
    sessionTimeboxSeconds: goDurationSeconds(str("auth.sessions", "timebox", "0")),
    sessionInactivitySeconds: goDurationSeconds(str("auth.sessions", "inactivity_timeout", "0")),
    /** [inbucket]: who the local Auth's e-mails are from (GOTRUE_SMTP_ADMIN_EMAIL / SENDER_NAME). */
    mailSender: {
      address: str("inbucket", "admin_email", "admin@email.com"),
      name: str("inbucket", "sender_name", "Admin"),
    },
  };
}

export const projectConfig = readProjectConfig();
