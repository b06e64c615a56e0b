import fs from "node:fs";
import path from "node:path";
import { splitStatements, normalised, type Statement } from "./sql-statements";

const dir = "supabase/migrations";
const fileArea: Record<string, string> = {
  tenancy: "tenancy", organisations: "organisations", organisations_api: "organisations",
  agreements: "agreements", agreements_api: "agreements", placements: "placements", placements_api: "placements",
  claims: "claims", claims_api: "claims", prize: "prize", prize_api: "prize", insight: "insight",
  jobs: "jobs", outbox_api: "jobs",
};
type Entry = { key: string; area: string; section: number; main: Statement; attached: Statement[]; file: string; order: number };
const entries = new Map<string, Entry>();
const standalone: Entry[] = [];
let order = 0;
const log: string[] = [];

const ident = String.raw`("[^"]+"|[a-z_][a-z0-9_]*)`;
const qname = String.raw`([a-z_]+)\.([a-z_][a-z0-9_]*)`;

function splitTopLevel(list: string) {
  const parts: string[] = []; let depth = 0; let cur = "";
  for (const ch of list) {
    if (ch === "(") depth++; if (ch === ")") depth--;
    if (ch === "," && depth === 0) { parts.push(cur.trim()); cur = ""; } else cur += ch;
  }
  if (cur.trim()) parts.push(cur.trim());
  return parts;
}

function areaFor(file: string, key: string) {
  const m = /^\d+_(.+)\.sql$/.exec(file)!;
  if (fileArea[m[1]!]) return fileArea[m[1]!]!;
  return guessArea(key) ?? "UNKNOWN";
}
function guessArea(key: string): string | undefined {
  const n = key.toLowerCase();
  const rules: [RegExp, string][] = [
    [/claim|budget|receipt|payment|batch/, "claims"],
    [/prize|nominat|jur|score|honour/, "prize"],
    [/agreement/, "agreements"],
    [/attendance|placement|participant|facilitat|session|week|followup|present/, "placements"],
    [/catalogue|organisation|activit|partner|member|slot/, "organisations"],
    [/insight|dashboard|report|figure|timeline|stats/, "insight"],
    [/outbox|lifecycle|cron|job/, "jobs"],
    [/staff|viewer|session_context|audit|list_totals|list_rows|municipal/, "tenancy"],
  ];
  for (const [re, a] of rules) if (re.test(n)) return a;
}

const SECTION = { schema: 0, type: 1, table: 2, sequence: 2, function: 4, trigger: 5, policy: 6, api: 7, other: 8 };

function define(key: string, section: number, st: Statement, file: string) {
  const existing = entries.get(key);
  if (existing) {
    log.push(`redefined ${key} in ${file} (first ${existing.file})`);
    existing.main = st; existing.file = existing.file;
    return existing;
  }
  const owner = ownerKey(key);
  const inAreaFile = fileArea[/^\d+_(.+)\.sql$/.exec(file)![1]!] !== undefined;
  const area = !inAreaFile && owner && entries.get(owner) ? entries.get(owner)!.area : areaFor(file, key);
  const e: Entry = { key, area: key.startsWith("function ") ? area : bump(area, st), section, main: st, attached: [], file, order: order++ };
  entries.set(key, e);
  return e;
}
const areaOrder = ["tenancy", "organisations", "agreements", "placements", "claims", "prize", "insight", "jobs", "UNKNOWN"];
/** A statement must come after whatever it refers to: the latest area of the objects it names. */
function bump(area: string, st: Statement) {
  let best = areaOrder.indexOf(area);
  for (const [, schema, name] of normalised(st.text).matchAll(/\b(app|api)\.([a-z_][a-z0-9_]*)/g)) {
    for (const kind of ["function", "table", "type", "sequence"]) {
      const e = entries.get(`${kind} ${schema}.${name}`);
      if (e) best = Math.max(best, areaOrder.indexOf(e.area));
    }
  }
  return areaOrder[best]!;
}
function ownerKey(key: string) {
  const m = /^(index|trigger|policy) (\w+\.\w+)\./.exec(key);
  return m ? `table ${m[2]}` : undefined;
}
function attach(key: string, st: Statement, file: string) {
  const e = entries.get(key);
  if (!e) { log.push(`attach to missing ${key} in ${file}: ${normalised(st.text).slice(0, 80)}`); standaloneAdd(st, file, "orphan " + key); return; }
  e.attached.push(st);
}
function drop(key: string, file: string) {
  if (!entries.delete(key)) log.push(`drop of missing ${key} in ${file}`);
  // dropping a table drops what hangs on it
  if (key.startsWith("table ")) for (const k of [...entries.keys()]) if (ownerKey(k) === key) entries.delete(k);
}
function standaloneAdd(st: Statement, file: string, key: string) {
  standalone.push({ key, area: areaFor(file, key), section: SECTION.other, main: st, attached: [], file, order: order++ });
}

for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) {
  const sql = fs.readFileSync(path.join(dir, file), "utf8");
  for (const st of splitStatements(sql)) {
    const n = normalised(st.text);
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^create (or replace )?function ${qname}\\s*\\(`).exec(n))) {
      define(`function ${m[2]}.${m[3]}`, m[2] === "api" ? SECTION.api : SECTION.function, st, file);
    } else if ((m = new RegExp(`^drop function (if exists )?${qname}`).exec(n))) {
      drop(`function ${m[2]}.${m[3]}`, file);
    } else if ((m = new RegExp(`^create table (if not exists )?${qname}`).exec(n))) {
      define(`table ${m[2]}.${m[3]}`, SECTION.table, st, file);
    } else if ((m = new RegExp(`^drop table (if exists )?${qname}`).exec(n))) {
      drop(`table ${m[2]}.${m[3]}`, file);
    } else if ((m = new RegExp(`^alter table (only )?(if exists )?${qname}`).exec(n))) {
      const owner = entries.get(`table ${m[3]}.${m[4]}`);
      if (!/row level security/.test(n) && owner && owner.area !== areaFor(file, "")) standaloneAdd(st, file, "alter " + m[4]);
      else attach(`table ${m[3]}.${m[4]}`, st, file);
    } else if ((m = new RegExp(`^create (unique )?index (if not exists )?${ident} on (only )?${qname}`).exec(n))) {
      define(`index ${m[5]}.${m[6]}.${m[3]}`, SECTION.table, st, file);
    } else if ((m = new RegExp(`^drop index (if exists )?${qname}`).exec(n))) {
      const k = [...entries.keys()].find((k) => k.startsWith("index ") && k.endsWith(`.${m![3]}`));
      if (k) drop(k, file); else log.push(`drop of missing index ${m[3]}`);
    } else if ((m = new RegExp(`^create (or replace )?trigger ${ident} .*? on ${qname}`).exec(n))) {
      define(`trigger ${m[3]}.${m[4]}.${m[2]}`, SECTION.trigger, st, file);
    } else if ((m = new RegExp(`^drop trigger (if exists )?${ident} on ${qname}`).exec(n))) {
      drop(`trigger ${m[3]}.${m[4]}.${m[2]}`, file);
    } else if ((m = new RegExp(`^create policy ${ident} on ${qname}`).exec(n))) {
      if (m[2] === "storage") standaloneAdd(st, file, `policy storage.${m[1]}`);
      else define(`policy ${m[2]}.${m[3]}.${m[1]}`, SECTION.policy, st, file);
    } else if ((m = new RegExp(`^(drop|alter) policy (if exists )?${ident} on ${qname}`).exec(n))) {
      const k = `policy ${m[4]}.${m[5]}.${m[3]}`;
      if (m[1] === "drop") drop(k, file); else attach(k, st, file);
    } else if ((m = /^(grant|revoke) .*? on function (.*) (to|from) /.exec(n))) {
      const fns = splitTopLevel(m[2]!);
      if (fns.length === 1) {
        const f = new RegExp(`^${qname}`).exec(fns[0]!)!;
        attach(`function ${f[1]}.${f[2]}`, st, file);
      } else {
        // one grant per function, so each can follow its function
        const head = /^(grant|revoke)\s+([\s\S]*?)\s+on\s+function\s+/i.exec(st.text)!;
        const tail = /\s+(to|from)\s+([^;]*);\s*$/i.exec(st.text)!;
        const originalList = st.text.slice(head[0].length, st.text.length - tail[0].length);
        splitTopLevel(originalList.replace(/\s+/g, " ")).forEach((fn, idx) => {
          const f = new RegExp(`^${qname}`).exec(fn.toLowerCase())!;
          attach(`function ${f[1]}.${f[2]}`, { leading: idx === 0 ? st.leading : "", text: `${head[1]} ${head[2]} on function ${fn} ${tail[1]} ${tail[2]};` }, file);
        });
      }
    } else if ((m = new RegExp(`^(grant|revoke) .*? on (table )?(${qname}(, ${qname})*) (to|from) `).exec(n))) {
      const tables = m[3]!.split(", ");
      if (tables.length === 1) attach(`table ${tables[0]}`, st, file);
      else {
        const head = /^(grant|revoke)\s+([\s\S]*?)\s+on\s+(table\s+)?/i.exec(st.text)!;
        const tail = /\s+(to|from)\s+([^;]*);\s*$/i.exec(st.text)!;
        tables.forEach((t, idx) => attach(`table ${t}`, { leading: idx === 0 ? st.leading : "", text: `${head[1]} ${head[2]} on ${head[3] ?? ""}${t} ${tail[1]} ${tail[2]};` }, file));
      }
    } else if ((m = new RegExp(`^comment on function ${qname}`).exec(n))) {
      attach(`function ${m[1]}.${m[2]}`, st, file);
    } else if ((m = new RegExp(`^comment on (table|column) ${qname}`).exec(n))) {
      attach(`table ${m[2]}.${m[3]}`, st, file);
    } else if ((m = new RegExp(`^create type ${qname}`).exec(n))) {
      define(`type ${m[1]}.${m[2]}`, SECTION.type, st, file);
    } else if ((m = new RegExp(`^alter type ${qname}`).exec(n))) {
      attach(`type ${m[1]}.${m[2]}`, st, file);
    } else if ((m = new RegExp(`^create sequence ${qname}`).exec(n))) {
      define(`sequence ${m[1]}.${m[2]}`, SECTION.sequence, st, file);
    } else if (/^(select app\.(refresh|recount|relist)|insert into app\.|select 'participants')/.test(n)) {
      log.push(`backfill dropped (${file}): ${n.slice(0, 90)}`);
    } else if ((m = new RegExp(`^grant .* on sequence ${qname}`).exec(n))) {
      attach(`sequence ${m[1]}.${m[2]}`, st, file);
    } else if (/^(create schema|alter default privileges|grant usage on schema)/.test(n)) {
      standalone.push({ key: n, area: "tenancy", section: SECTION.schema, main: st, attached: [], file, order: order++ });
    } else {
      standaloneAdd(st, file, `other ${n.slice(0, 40)}`);
      log.push(`standalone (${file}): ${n.slice(0, 100)}`);
    }
  }
}

standalone.push({ key: "check_function_bodies", area: "tenancy", section: 0, order: -1, file: "", attached: [], main: { leading: "-- A function's body may use what a later file defines, as in pg_dump's output.", text: "set check_function_bodies = off;" } });
const areas = ["tenancy", "organisations", "agreements", "placements", "claims", "prize", "insight", "jobs", "UNKNOWN"];
const all = [...entries.values(), ...standalone];
fs.mkdirSync("supabase/schemas", { recursive: true });
areas.forEach((area, idx) => {
  const mine = all.filter((e) => e.area === area).sort((a, b) => (a.section === 0 ? 0 : 1) - (b.section === 0 ? 0 : 1) || a.order - b.order);
  if (!mine.length) return;
  const out = mine.map((e) => {
    const parts = [e.main, ...e.attached].map((s) => (s.leading ? s.leading + "\n" : "") + s.text);
    return parts.join("\n");
  });
  fs.writeFileSync(`supabase/schemas/${String(idx * 10).padStart(2, "0")}_${area}.sql`, out.join("\n\n") + "\n");
});
fs.writeFileSync("/tmp/recut.log", log.join("\n") + "\n");
for (const e of all.filter((e) => !/^\d+_(tenancy|organisations|organisations_api|agreements|agreements_api|placements|placements_api|claims|claims_api|prize|prize_api|insight|jobs|outbox_api)\.sql$/.test(e.file) && !ownerKey(e.key)))
  console.log(`${e.area}\t${e.key}\t${e.file}`);
