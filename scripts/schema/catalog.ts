import type pg from "pg";

/**
 * A plain-text description of what the schema defines: everything in `app` and `api`, the
 * policies on `storage.objects`, the storage buckets and the scheduled jobs. Two databases with
 * the same description have the same schema, whatever order or route built them. It plays the
 * part of a normalised `pg_dump --schema-only` (which needs a pg_dump of the server's version,
 * and this stack ships none) and reads only the catalog, so it works on any Postgres.
 */
export async function describeCatalog(client: pg.ClientBase): Promise<string> {
  const sections: string[] = [];
  for (const [title, sql] of Object.entries(queries)) {
    const { rows } = await client.query<{ line: string }>(sql);
    // The differences are taken line by line as a set, so every line of a definition that takes
    // several (a function's body, its grants) carries the definition's first line, and a line
    // that stands in another definition too cannot hide a change.
    sections.push(
      `== ${title}`,
      ...rows.flatMap(({ line }) => {
        const [head = "", ...rest] = line.split("\n");
        return [head, ...rest.map((part) => `${head} | ${part}`)];
      }),
    );
  }
  return sections.join("\n") + "\n";
}

const ours = `nspname in ('app', 'api')`;
// Grants are a set: sort them, so the order they were given in does not count.
const acl = (column: string) =>
  `coalesce((select string_agg(a::text, ' ' order by a::text) from unnest(${column}) a), '-')`;

const queries: Record<string, string> = {
  schemas: `select nspname || ' owner=' || pg_get_userbyid(nspowner) || ' acl=' || ${acl("nspacl")} as line
    from pg_namespace where ${ours} order by 1`,
  "default privileges": `select coalesce(n.nspname, '*') || ' ' || defaclobjtype::text || ' ' || ${acl("defaclacl")} as line
    from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace order by 1`,
  types: `select n.nspname || '.' || t.typname || ' ' || t.typtype::text || coalesce(' (' ||
      (select string_agg(quote_literal(e.enumlabel), ', ' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid) || ')', '')
      || coalesce(' domain ' || format_type(t.typbasetype, t.typtypmod), '') as line
    from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where ${ours} and t.typtype in ('e', 'd') order by 1`,
  relations: `select n.nspname || '.' || c.relname || ' kind=' || c.relkind::text || ' rls=' || c.relrowsecurity || '/' || c.relforcerowsecurity
      || ' acl=' || ${acl("c.relacl")} || coalesce(' options=' || array_to_string(c.reloptions, ','), '')
      || case when c.relkind in ('v', 'm') then ' ' || pg_get_viewdef(c.oid) else '' end as line
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where ${ours} and c.relkind in ('r', 'p', 'v', 'm', 'S', 'c') order by 1`,
  columns: `select n.nspname || '.' || c.relname || ' #' || a.attnum || ' ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
      || case when a.attnotnull then ' not null' else '' end
      || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
      || case when a.attidentity <> '' then ' identity ' || a.attidentity::text else '' end
      || case when a.attgenerated <> '' then ' generated' else '' end
      || coalesce(' acl=' || ${acl("a.attacl")}, '') as line
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where ${ours} and c.relkind in ('r', 'p', 'v', 'm', 'c') and a.attnum > 0 and not a.attisdropped order by 1`,
  constraints: `select n.nspname || '.' || c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid) as line
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    where ${ours} order by 1`,
  indexes: `select pg_get_indexdef(i.indexrelid) as line
    from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
    where ${ours} order by 1`,
  triggers: `select pg_get_triggerdef(t.oid) || case when t.tgenabled <> 'O' then ' enabled=' || t.tgenabled::text else '' end as line
    from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where ${ours} and not t.tgisinternal order by 1`,
  policies: `select schemaname || '.' || tablename || ' "' || policyname || '" ' || permissive || ' ' || cmd
      || ' to ' || array_to_string(roles, ',') || coalesce(' using (' || qual || ')', '') || coalesce(' check (' || with_check || ')', '') as line
    from pg_policies where schemaname in ('app', 'api') or (schemaname = 'storage' and tablename = 'objects') order by 1`,
  functions: `select pg_get_functiondef(p.oid) || 'acl=' || ${acl("p.proacl")} || ' owner=' || pg_get_userbyid(p.proowner) as line
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace where ${ours}
    order by n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)`,
  comments: `select d.classoid::regclass || ' ' || coalesce(p.oid::regprocedure::text, c.oid::regclass::text || coalesce('.' || a.attname, ''), t.oid::regtype::text, d.objoid::text)
      || ' ' || quote_literal(d.description) as line
    from pg_description d
    left join pg_proc p on d.classoid = 'pg_proc'::regclass and p.oid = d.objoid
    left join pg_class c on d.classoid = 'pg_class'::regclass and c.oid = d.objoid
    left join pg_attribute a on a.attrelid = c.oid and a.attnum = d.objsubid and d.objsubid > 0
    left join pg_type t on d.classoid = 'pg_type'::regclass and t.oid = d.objoid
    left join pg_namespace n on n.oid = coalesce(p.pronamespace, c.relnamespace, t.typnamespace)
    where ${ours} order by 1`,
  buckets: `select id || ' public=' || public || ' limit=' || coalesce(file_size_limit::text, '-') || ' types=' || coalesce(array_to_string(allowed_mime_types, ','), '-') as line
    from storage.buckets order by 1`,
  jobs: `select jobname || ' ' || schedule || ' ' || command as line from cron.job order by 1`,
};
