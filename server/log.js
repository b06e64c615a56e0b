// @ts-check
/**
 * The server's own log lines, in the app's format (app/lib/log.server.ts: one JSON object per
 * line). Only facts about requests go in: methods, statuses, reasons, never addresses,
 * paths or headers, which may carry personal data or tokens.
 * @param {"info" | "warn" | "error"} level
 * @param {string} event
 * @param {Record<string, string | number | boolean | null | undefined>} [fields]
 */
export function log(level, event, fields = {}) {
  const line = JSON.stringify({ level, time: new Date().toISOString(), event, ...fields });
  (level === "error" ? process.stderr : process.stdout).write(`${line}\n`);
}
