import pg from "pg";
import { PgrstError } from "./errors";

/** A function of the exposed schema, as PostgREST's schema cache describes it (SchemaCache/Routine.hs). */
export type Routine = {
  name: string;
  params: RoutineParam[];
  returnsSet: boolean;
  returnsComposite: boolean;
  returnsVoid: boolean;
  /** pg_proc.provolatile: i(mmutable), s(table) or v(olatile). */
  volatility: "i" | "s" | "v";
};

export type RoutineParam = { name: string; type: string; required: boolean; variadic: boolean };

/**
 * PostgREST's funcsSqlQuery (SchemaCache.hs) for one schema: input parameters with the type
 * their JSON values are read as (char and bit widened, as PostgREST does), only callable
 * functions (named parameters, or one unnamed json/jsonb/text/xml/bytea parameter).
 */
const routinesQuery = `
  select p.proname as name,
         coalesce(a.params, '[]') as params,
         p.proretset as "returnsSet",
         (t.typtype = 'c' or coalesce(p.proargmodes::text[] && '{t,b,o}', false)) as "returnsComposite",
         t.oid = 'pg_catalog.void'::regtype as "returnsVoid",
         p.provolatile as volatility
  from pg_proc p
  join pg_type rt on rt.oid = p.prorettype
  join pg_type t on t.oid = case when rt.typtype = 'd' then rt.typbasetype else rt.oid end
  left join lateral (
    select json_agg(json_build_object(
             'name', coalesce(name, ''),
             'type', case type when 'bit'::regtype then 'bit varying'
                               when 'bit[]'::regtype then 'bit varying[]'
                               when 'character'::regtype then 'character varying'
                               when 'character[]'::regtype then 'character varying[]'
                               else type::regtype::text end,
             'required', idx <= p.pronargs - p.pronargdefaults,
             'variadic', coalesce(mode = 'v', false)) order by idx) as params,
           case count(*) - count(name)
             when 0 then true
             when 1 then (array_agg(type))[1] in ('bytea'::regtype, 'json'::regtype, 'jsonb'::regtype, 'text'::regtype, 'xml'::regtype)
             else false end as callable
    from unnest(p.proargnames, p.proargtypes::oid[], p.proargmodes) with ordinality as _ (name, type, mode, idx)
    where type is not null
  ) a on true
  where p.pronamespace = (select oid from pg_namespace where nspname = $1)
    and p.prokind = 'f' and t.oid <> 'trigger'::regtype and coalesce(a.callable, true)`;

/**
 * PostgREST's in-database configuration (Config/Database.hs queryDbSettings): `pgrst.*`
 * settings of the role it logs in as, a database-specific one first. Only db_pre_request
 * matters here.
 */
const preRequestQuery = `
  with role_setting as (
    select setdatabase as database, unnest(setconfig) as setting from pg_catalog.pg_db_role_setting
     where setrole = quote_ident(current_user)::regrole::oid
       and setdatabase in (0, (select oid from pg_catalog.pg_database where datname = current_catalog)))
  select substr(setting, strpos(setting, '=') + 1) as value from role_setting
   where substr(setting, 1, strpos(setting, '=') - 1) = 'pgrst.db_pre_request'
   order by database desc nulls last limit 1`;

/**
 * The functions of one schema and the pre-request function, loaded once and reloaded when a
 * request names a function the cache lacks (PostgREST reloads on `NOTIFY pgrst`; here a miss
 * costs one catalog query).
 */
export class RoutineCache {
  private routines: Map<string, Routine[]> | undefined;
  /** `select "schema"."fn"()` for db-pre-request (PreQuery.hs preReqQuery), or null without one. */
  preRequestCall: string | null = null;

  constructor(
    private readonly pool: pg.Pool,
    readonly schema: string,
  ) {}

  async overloads(name: string): Promise<Routine[]> {
    const cached = this.routines?.get(name);
    if (cached) return cached;
    await this.reload();
    return this.routines?.get(name) ?? [];
  }

  /** Forgets the cache, for when a call finds the database changed under it. */
  invalidate() {
    this.routines = undefined;
  }

  names(): string[] {
    return [...(this.routines?.keys() ?? [])];
  }

  private async reload() {
    const [{ rows }, preRequest] = await Promise.all([
      this.pool.query<Routine>(routinesQuery, [this.schema]),
      this.pool.query<{ value: string }>(preRequestQuery),
    ]);
    const name = preRequest.rows[0]?.value;
    this.preRequestCall = name ? `select ${name.split(".").map(pg.escapeIdentifier).join(".")}()` : null;
    const routines = new Map<string, Routine[]>();
    for (const row of rows) routines.set(row.name, [...(routines.get(row.name) ?? []), row]);
    this.routines = routines;
  }
}

/**
 * Picks the overload whose parameters match the argument names (Plan.hs findProc): all
 * required parameters given, the rest optional ones; else a function with a single unnamed
 * json/jsonb parameter takes the whole body of a POST.
 */
export function findRoutine(
  schema: string,
  name: string,
  overloads: Routine[],
  keys: Set<string>,
  isPost: boolean,
  allNames: string[],
): Routine {
  const matching = overloads.filter((routine) => matchesParams(routine, keys));
  const fallback = overloads.filter((routine) => !matchesParams(routine, keys) && takesWholeBody(routine, isPost));
  const candidates = matching.length ? matching : fallback;
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) throw ambiguous(schema, name, candidates);
  throw noRpc(schema, name, [...keys], isPost, overloads, allNames);
}

function matchesParams({ params }: Routine, keys: Set<string>): boolean {
  if (params.length === 0) return keys.size === 0;
  const required = params.filter((p) => p.required).map((p) => p.name);
  const optional = new Set(params.filter((p) => !p.required).map((p) => p.name));
  const given = [...keys].filter((key) => !optional.has(key));
  return given.length === required.length && required.every((p) => keys.has(p));
}

export function takesWholeBody({ params }: Routine, isPost: boolean): boolean {
  return isPost && params.length === 1 && params[0]!.name === "" && ["json", "jsonb"].includes(params[0]!.type);
}

function ambiguous(schema: string, name: string, routines: Routine[]) {
  const signatures = routines.map(
    (r) => `${schema}.${name}(${r.params.map((p) => `${p.name} => ${p.type}`).join(", ")})`,
  );
  return new PgrstError(
    300,
    "PGRST203",
    `Could not choose the best candidate function between: ${signatures.join(", ")}`,
    null,
    "Try renaming the parameters or the function itself in the database so function overloading can be resolved",
  );
}

/** PGRST202, worded as Error.hs words it for a JSON (or GET) request. */
function noRpc(
  schema: string,
  name: string,
  keys: string[],
  isPost: boolean,
  overloads: Routine[],
  allNames: string[],
) {
  const func = `${schema}.${name}`;
  const list = keys.join(", ");
  const withParams = keys.length === 0 ? " without parameters" : ` with parameter${keys.length > 1 ? "s" : ""} ${list}`;
  const message = `Could not find the function ${func}${keys.length === 0 ? " without parameters" : `(${list})`} in the schema cache`;
  const details = `Searched for the function ${func}${withParams}${isPost ? " or with a single unnamed json/jsonb parameter" : ""}, but no matches were found in the schema cache.`;
  const suggestion = overloads.length
    ? closest(
        `(${[...keys].sort().join(", ")})`,
        overloads.map(
          (r) =>
            `(${r.params
              .map((p) => p.name)
              .sort()
              .join(", ")})`,
        ),
      )?.replace(/^/, name)
    : closest(name, allNames);
  return new PgrstError(
    404,
    "PGRST202",
    message,
    details,
    suggestion ? `Perhaps you meant to call the function ${schema}.${suggestion}` : null,
  );
}

/**
 * The most similar candidate, standing in for the fuzzy set PostgREST uses for its hints:
 * bigram (Dice) similarity, and nothing below a third.
 */
function closest(target: string, candidates: string[]): string | undefined {
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const score = similarity(target, candidate);
    if (score >= 0.33 && (!best || score > best.score)) best = { candidate, score };
  }
  return best?.candidate;
}

function similarity(a: string, b: string): number {
  const grams = (s: string) => {
    const padded = `-${s.toLowerCase()}-`;
    return Array.from({ length: padded.length - 1 }, (_, i) => padded.slice(i, i + 2));
  };
  const left = grams(a);
  const right = grams(b);
  const pool = [...right];
  let shared = 0;
  for (const gram of left) {
    const at = pool.indexOf(gram);
    if (at >= 0) {
      shared += 1;
      pool.splice(at, 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}
