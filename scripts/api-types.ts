import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import prettier from "prettier";

/**
 * Writes the TypeScript types of every function in schema `api` from the database catalog,
 * so that app/lib/api/*.ts can type their calls from SQL's own argument names (issue 15).
 * What `supabase gen types` does, without Docker.
 */
export const generatedFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../app/lib/api/functions.generated.ts",
);

type Func = {
  name: string;
  overloads: number;
  arg_names: string[] | null;
  arg_modes: string[] | null;
  arg_types: string[];
  defaults: string | null;
  default_count: number;
  result_type: string;
  returns_set: boolean;
};

type PgType = {
  oid: string;
  name: string;
  schema: string;
  kind: string;
  category: string;
  element: string;
  base: string;
};

const sameType = (ts: string, names: string) => Object.fromEntries(names.split(" ").map((name) => [name, ts]));
const scalars: Record<string, string> = {
  ...sameType("number", "int2 int4 int8 float4 float8 numeric oid"),
  ...sameType("string", "text varchar bpchar citext uuid date time timetz timestamp timestamptz interval"),
  bool: "boolean",
  json: "Json",
  jsonb: "Json",
  // A void function answers null through PostgREST.
  void: "null",
};

export async function generateApiTypes(db: pg.ClientBase): Promise<string> {
  const functions = await db.query<Func>(`
    select p.proname as name,
           count(*) over (partition by p.proname)::int as overloads,
           p.proargnames::text[] as arg_names,
           p.proargmodes::text[] as arg_modes,
           p.proargtypes::oid[]::text[] as arg_types,
           pg_get_expr(p.proargdefaults, 0) as defaults,
           p.pronargdefaults as default_count,
           p.prorettype::text as result_type,
           p.proretset as returns_set
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'api'
     order by p.proname collate "C"`);
  const types = await db.query<PgType>(`
    select t.oid::text as oid, t.typname as name, n.nspname as schema, t.typtype as kind,
           t.typcategory as category, t.typelem::text as element, t.typbasetype::text as base
      from pg_type t join pg_namespace n on n.oid = t.typnamespace`);
  const enums = await db.query<{ name: string; labels: string[] }>(`
    select t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as labels
      from pg_enum e join pg_type t on t.oid = e.enumtypid join pg_namespace n on n.oid = t.typnamespace
     where n.nspname = 'app'
     group by t.typname
     order by t.typname collate "C"`);

  const typeByOid = new Map(types.rows.map((type) => [type.oid, type]));
  const tsType = (oid: string, where: string): string => {
    const type = typeByOid.get(oid);
    if (!type) throw new Error(`${where}: unknown type oid ${oid}`);
    if (type.kind === "d") return tsType(type.base, where);
    if (type.category === "A") return `${tsType(type.element, where)}[]`;
    if (type.kind === "e" && type.schema === "app") return `AppEnums[${JSON.stringify(type.name)}]`;
    const scalar = type.schema === "pg_catalog" ? scalars[type.name] : undefined;
    if (scalar) return scalar;
    throw new Error(`${where}: no TypeScript type for ${type.schema}.${type.name}; add one in scripts/api-types.ts`);
  };

  const entries = functions.rows.map((fn) => {
    const where = `api.${fn.name}`;
    if (fn.overloads > 1) throw new Error(`${where} is overloaded; give each use case one function with one name`);
    if (fn.arg_modes?.some((mode) => mode !== "i")) {
      throw new Error(`${where} has OUT, TABLE or VARIADIC arguments; take named IN arguments and return jsonb`);
    }
    const defaults = splitDefaults(fn.defaults);
    if (defaults.length !== fn.default_count) throw new Error(`${where}: could not read its argument defaults`);
    const firstOptional = fn.arg_types.length - fn.default_count;
    const args = fn.arg_types.map((oid, index) => {
      const name = fn.arg_names?.[index];
      if (!name) throw new Error(`${where}: argument ${index + 1} has no name, so PostgREST cannot pass it`);
      const type = tsType(oid, `${where}(${name})`);
      if (index < firstOptional) return `${property(name)}: ${type};`;
      // A default of NULL is what omitting the argument means, so the app may pass null too.
      const nullable = /^NULL(::.+)?$/.test(defaults[index - firstOptional]!) ? " | null" : "";
      return `${property(name)}?: ${type}${nullable};`;
    });
    const result = tsType(fn.result_type, `${where} result`);
    return `${property(fn.name)}: {
      args: ${args.length ? `{ ${args.join(" ")} }` : "Record<string, never>"};
      returns: ${fn.returns_set ? `${result}[]` : result};
    };`;
  });

  const source = `// Generated from the database catalog by scripts/gen-api-types.ts. Do not edit by hand.
// After changing a function in schema \`api\`, run: npm run gen:types

/** Any JSON value: what a json or jsonb argument or result holds. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The enums of schema \`app\`, with their values in SQL's order. */
export type AppEnums = {
  ${enums.rows.map((row) => `${property(row.name)}: ${row.labels.map((label) => JSON.stringify(label)).join(" | ")};`).join("\n")}
};

/**
 * Every function in schema \`api\` with its named arguments (optional where SQL has a default,
 * nullable where that default is NULL) and its result.
 */
export type GeneratedApi = {
  ${entries.join("\n")}
};
`;
  const options = await prettier.resolveConfig(generatedFile);
  return prettier.format(source, { ...options, filepath: generatedFile });
}

/**
 * pg_get_expr lists the defaults of a function joined by ", ". Split it at the commas that are
 * outside quotes, parentheses and brackets (a default may be `ARRAY['a', 'b']`).
 */
export function splitDefaults(list: string | null): string[] {
  if (!list) return [];
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const char = list[i]!;
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === "(" || char === "[") depth++;
    else if (char === ")" || char === "]") depth--;
    else if (char === "," && depth === 0) {
      parts.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(list.slice(start).trim());
  return parts;
}

const property = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));
