import type pg from "pg";

export type RoleSettings = Map<string, Array<[name: string, value: string]>>;

/**
 * The settings of the roles `authenticator` may switch to (`alter role anon set
 * statement_timeout = '3s'`). Switching role does not apply them, so PostgREST reads them
 * once (Config/Database.hs queryRoleSettings) and sets them in every request's transaction.
 * Only settings a plain user may change count; `default_transaction_isolation` is PostgREST's
 * isolation level, which the stand-in does not vary.
 */
const roleSettingsQuery = `
  select r.rolname as role, s.name, s.value
  from pg_auth_members m
  join pg_roles r on r.oid = m.roleid
  cross join lateral (
    select split_part(entry, '=', 1) as name, substr(entry, strpos(entry, '=') + 1) as value
    from unnest(r.rolconfig) entry
  ) s
  join pg_settings p on p.name = s.name
  where m.member = current_user::regrole
    and s.name <> 'default_transaction_isolation'
    and (p.context = 'user' or has_parameter_privilege(current_user, p.name, 'set'))`;

const loaded = new WeakMap<pg.Pool, Promise<RoleSettings>>();

/** Read through `pool`, which logs in as `authenticator`; like PostgREST, a change needs a restart. */
export function roleSettings(pool: pg.Pool): Promise<RoleSettings> {
  let settings = loaded.get(pool);
  if (!settings) {
    settings = pool.query<{ role: string; name: string; value: string }>(roleSettingsQuery).then(({ rows }) => {
      const byRole: RoleSettings = new Map();
      for (const { role, name, value } of rows) byRole.set(role, [...(byRole.get(role) ?? []), [name, value]]);
      return byRole;
    });
    settings.catch(() => loaded.delete(pool));
    loaded.set(pool, settings);
  }
  return settings;
}
