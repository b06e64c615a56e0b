/**
 * Structured logs: one JSON object per line on stdout, for whatever collects the server's
 * output. Only facts about requests and errors go in, never who made them: fields whose
 * name suggests personal data or a secret are dropped, and e-mail addresses and tokens
 * that slip into free text (an error message) are masked.
 */
export type LogLevel = "info" | "warn" | "error";
export type LogFields = Record<string, string | number | boolean | null | undefined>;

const personalOrSecret = /mail|name|phone|address|token|password|secret|cookie|authorization|key|note|body/i;
const emailAddress = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// JWTs (header.payload.signature in base64url) and long opaque tokens such as invitation links.
const tokenLike = /\beyJ[\w-]+\.[\w-]+\.[\w-]+|\b[A-Za-z0-9_-]{32,}\b/g;

export function redactText(text: string): string {
  return text.replace(emailAddress, "[e-post]").replace(tokenLike, "[token]");
}

export function logLine(level: LogLevel, event: string, fields: LogFields = {}, now = new Date()): string {
  const entry: Record<string, unknown> = { level, time: now.toISOString(), event };
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || personalOrSecret.test(name)) continue;
    entry[name] = typeof value === "string" ? redactText(value) : value;
  }
  return JSON.stringify(entry);
}

function write(level: LogLevel, event: string, fields?: LogFields) {
  const line = logLine(level, event, fields);
  if (level === "error") process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

/** What went wrong, without the parts of an error that may carry personal data (its cause, its data). */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { error: typeof error, message: String(error) };
  return { error: error.name, message: error.message, stack: error.stack?.split("\n").slice(1, 6).join("\n") };
}

export const log = {
  info: (event: string, fields?: LogFields) => write("info", event, fields),
  warn: (event: string, fields?: LogFields) => write("warn", event, fields),
  error: (event: string, fields?: LogFields) => write("error", event, fields),
};
