/**
 * Splits a SQL file into top-level statements, each with the comment lines just above it, and
 * names the database object each statement defines or changes. Enough of SQL's lexical rules
 * to split Sammen's own schema files (quotes, dollar quotes, comments); not a parser.
 */

export type Statement = {
  /** The comment block directly above the statement (may be empty). */
  leading: string;
  /** The statement itself, up to and including its semicolon. */
  text: string;
};

export function splitStatements(sql: string): Statement[] {
  const statements: Statement[] = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i, i + 2);
    if (rest === "--") {
      i = sql.indexOf("\n", i);
      if (i < 0) i = sql.length;
    } else if (rest === "/*") {
      i = sql.indexOf("*/", i + 2) + 2;
    } else if (sql[i] === "'" || sql[i] === '"') {
      const quote = sql[i];
      i++;
      while (i < sql.length && !(sql[i] === quote && sql[i + 1] !== quote)) i += sql[i] === quote ? 2 : 1;
      i++;
    } else if (sql[i] === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        if (end < 0) throw new Error(`Unterminated ${tag[0]} quote`);
        i = end + tag[0].length;
      } else i++;
    } else if (sql[i] === ";") {
      statements.push(withLeadingComments(sql.slice(start, i + 1)));
      start = i + 1;
      i++;
    } else i++;
  }
  if (sql.slice(start).replace(/--.*$/gm, "").trim()) throw new Error("Statement without a closing semicolon");
  return statements;
}

function withLeadingComments(chunk: string): Statement {
  const lines = chunk.replace(/^\s*\n/, "").split("\n");
  let first = 0;
  while (first < lines.length && (/^\s*--/.test(lines[first]!) || /^\s*$/.test(lines[first]!))) first++;
  return {
    leading: lines.slice(0, first).join("\n").trim(),
    text: lines.slice(first).join("\n").trim(),
  };
}

/** The statement without comments, on one line, in lower case: for recognising its kind. */
export function normalised(text: string) {
  return text.replace(/--.*$/gm, "").replace(/\s+/g, " ").trim().toLowerCase();
}

const name = String.raw`("[^"]+"|[a-z_][a-z0-9_]*)`;
const qualified = String.raw`([a-z_]+\.[a-z_][a-z0-9_]*)`;
const definitions: [RegExp, (match: RegExpExecArray) => string][] = [
  [new RegExp(`^create (or replace )?function ${qualified}\\s*\\(`), (m) => `function ${m[2]}`],
  [new RegExp(`^create table ${qualified}`), (m) => `table ${m[1]}`],
  [new RegExp(`^create type ${qualified}`), (m) => `type ${m[1]}`],
  [new RegExp(`^create sequence ${qualified}`), (m) => `sequence ${m[1]}`],
  [new RegExp(`^create (unique )?index ${name} on (only )?${qualified}`), (m) => `index ${m[4]} ${m[2]}`],
  [new RegExp(`^create (or replace )?trigger ${name} .*? on ${qualified}`), (m) => `trigger ${m[3]} ${m[2]}`],
  [new RegExp(`^create policy ${name} on ${qualified}`), (m) => `policy ${m[2]} ${m[1]}`],
];

const statementTriggerCall = new RegExp(
  String.raw`^select app\.create_statement_triggers\('${qualified}', '([a-z_]+)', '.*?'(?:, array\[([^\]]*)\])?\);?$`,
);

/**
 * The triggers a `select app.create_statement_triggers(...)` statement makes, keyed as
 * definedObject() keys a `create trigger`; empty for any other statement.
 */
export function statementTriggers(text: string): string[] {
  const match = statementTriggerCall.exec(normalised(text));
  if (!match) return [];
  const [, table = "", purpose = "", events = "'insert', 'update', 'delete'"] = match;
  return events
    .split(",")
    .map((event) => `trigger ${table} ${table.split(".")[1]}_${purpose}_${event.trim().replace(/'/g, "")}s`);
}

/**
 * The object a `create` statement defines, as "kind schema.name" (triggers, indexes and
 * policies with their table); undefined for anything else (grants, comments, RLS switches).
 * Functions are named without their arguments: Sammen overloads none.
 */
export function definedObject(text: string): string | undefined {
  const statement = normalised(text);
  for (const [pattern, key] of definitions) {
    const match = pattern.exec(statement);
    if (match) return key(match);
  }
}
