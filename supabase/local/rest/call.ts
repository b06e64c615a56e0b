import pg from "pg";
import { takesWholeBody, type Routine, type RoutineParam } from "./routines";

const { escapeIdentifier: ident, escapeLiteral: literal } = pg;

/** How the arguments arrive: a JSON body (POST) or query-string values (GET). */
export type CallArgs =
  { kind: "json"; raw: string; isArray: boolean; keys: Set<string> } | { kind: "query"; values: Map<string, string> };

/**
 * The statement PostgREST builds for an RPC (QueryBuilder.callPlanToQuery wrapped by
 * Statements.prepareCall), with literals instead of parameters so that the whole request
 * can go to Postgres as one simple-query message. One row: the JSON body as text, the
 * number of rows, the total when counted, and the response.status/headers GUCs.
 */
export function callStatement(schema: string, routine: Routine, args: CallArgs, countTotal: boolean): string {
  const scalar = !routine.returnsComposite;
  const source = `select ${scalar ? "pgrst_call.pgrst_scalar" : "pgrst_call.*"} ${fromCall(schema, routine, args, scalar)}`;
  const single = !routine.returnsSet;
  return (
    `with pgrst_source as (${source}) ` +
    `select ${countTotal ? "(select pg_catalog.count(*) from pgrst_source)" : "null::bigint"} as total, ` +
    `${single ? "1" : "pg_catalog.count(_postgrest_t)"} as page_total, ` +
    `${bodyExpression(routine)}::text as body, ` +
    `nullif(current_setting('response.headers', true), '') as response_headers, ` +
    `nullif(current_setting('response.status', true), '') as response_status ` +
    `from (select * from pgrst_source) _postgrest_t`
  );
}

/** asJsonF in SqlFragment.hs: one value or object for single results, an array for sets. */
function bodyExpression(routine: Routine): string {
  const scalar = !routine.returnsComposite;
  if (!routine.returnsSet) return `coalesce(json_agg(_postgrest_t${scalar ? ".pgrst_scalar" : ""})->0, 'null')`;
  return `coalesce(json_agg(_postgrest_t${scalar ? ".pgrst_scalar" : ""}), '[]')`;
}

function fromCall(schema: string, routine: Routine, args: CallArgs, scalar: boolean): string {
  const fn = `${ident(schema)}.${ident(routine.name)}`;
  const callIt = (argumentList: string) =>
    scalar ? `(select ${fn}(${argumentList}) pgrst_scalar) pgrst_call` : `${fn}(${argumentList}) pgrst_call`;

  if (args.kind === "json" && takesWholeBody(routine, true)) {
    return `from ${callIt(`${literal(args.raw)}::${routine.params[0]!.type}`)}`;
  }
  const given = args.kind === "json" ? args.keys : new Set(args.values.keys());
  const params = routine.params.filter((param) => given.has(param.name));
  if (params.length === 0) return `from ${callIt("")}`;

  if (args.kind === "query") {
    return `from ${callIt(params.map((p) => `${named(p)}${literal(args.values.get(p.name)!)}::${p.type}`).join(", "))}`;
  }
  // As fromJsonBodyF: json_to_record reads each argument as its parameter's type.
  const columns = params.map((p) => ident(p.name)).join(", ");
  const typed = params.map((p) => `${ident(p.name)} ${p.type}`).join(", ");
  const reader = args.isArray ? "json_to_recordset" : "json_to_record";
  return (
    `from (select ${literal(args.raw)}::json as json_data) pgrst_payload, ` +
    `lateral (select ${columns} from ${reader}(pgrst_payload.json_data) as _(${typed}) limit 1) pgrst_body, ` +
    `lateral ${callIt(params.map((p) => `${named(p)}pgrst_body.${ident(p.name)}`).join(", "))}`
  );
}

const named = (param: RoutineParam) => `${param.variadic ? "variadic " : ""}${ident(param.name)} := `;
