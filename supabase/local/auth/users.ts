import { randomUUID } from "node:crypto";
import type pg from "pg";

/** auth.users and auth.identities, read and written the way GoTrue's models package does. */
export type Db = pg.Pool | pg.PoolClient;
type Json = Record<string, unknown>;

export type UserRow = {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  confirmation_token: string | null;
  confirmation_sent_at: Date | null;
  confirmed_at: Date | null;
  recovery_token: string | null;
  recovery_sent_at: Date | null;
  email_change_token_current: string | null;
  email_change_token_new: string | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  email_change_confirm_status: number | null;
  phone_change: string | null;
  phone_change_token: string | null;
  phone_change_sent_at: Date | null;
  reauthentication_token: string | null;
  reauthentication_sent_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Json | null;
  raw_user_meta_data: Json | null;
  created_at: Date | null;
  updated_at: Date | null;
  banned_until: Date | null;
  deleted_at: Date | null;
  is_anonymous: boolean;
};

type IdentityRow = {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Json;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  email: string | null;
};

/** Columns the handlers may set; `updated_at` is always set too, as pop does on every update. */
export type UserChanges = Partial<Omit<UserRow, "id" | "confirmed_at" | "created_at" | "updated_at">>;

export const TOKEN_COLUMNS = [
  "confirmation_token",
  "recovery_token",
  "email_change_token_current",
  "email_change_token_new",
] as const;
export type TokenColumn = (typeof TOKEN_COLUMNS)[number];

const one = async (db: Db, sql: string, params: unknown[]) =>
  (await db.query<UserRow>(sql, params)).rows[0] ?? undefined;

export const findUserById = (db: Db, id: string, lock = false) =>
  one(db, `select * from auth.users where id = $1${lock ? " for update" : ""}`, [id]);

export const findUserByEmail = (db: Db, email: string, aud: string) =>
  one(db, "select * from auth.users where lower(email) = lower($1) and aud = $2 and is_sso_user = false", [email, aud]);

/** The user an e-mail link was sent to; `tokens` are the columns the link's type may be in. */
export const findUserByToken = (db: Db, tokens: readonly TokenColumn[], hash: string) =>
  one(db, `select * from auth.users where ${tokens.map((column) => `${column} = $1`).join(" or ")} for update`, [hash]);

export async function findSession(db: Db, id: string) {
  const { rows } = await db.query<{ id: string; user_id: string }>(
    "select id, user_id from auth.sessions where id = $1",
    [id],
  );
  return rows[0];
}

export async function updateUser(db: Db, id: string, changes: UserChanges, now: Date): Promise<UserRow> {
  const columns = Object.keys(changes) as Array<keyof UserChanges>;
  const assignments = columns.map((column, i) => `${column} = $${i + 3}`);
  const user = await one(
    db,
    `update auth.users set ${[...assignments, "updated_at = $2"].join(", ")} where id = $1 returning *`,
    [id, now, ...columns.map((column) => changes[column])],
  );
  if (!user) throw new Error(`auth.users row ${id} vanished`);
  return user;
}

/** bcrypt through pgcrypto, at GoTrue's cost (bcrypt.DefaultCost), so seeds and GoTrue agree. */
export async function setPassword(db: Db, id: string, password: string, now: Date): Promise<UserRow> {
  const user = await one(
    db,
    "update auth.users set encrypted_password = extensions.crypt($2, extensions.gen_salt('bf', 10)), updated_at = $3 where id = $1 returning *",
    [id, password, now],
  );
  if (!user) throw new Error(`auth.users row ${id} vanished`);
  return user;
}

export async function passwordMatches(db: Db, user: UserRow, password: string): Promise<boolean> {
  if (!user.encrypted_password?.match(/^\$2[abxy]\$/)) return false;
  const { rows } = await db.query<{ ok: boolean }>("select extensions.crypt($1, $2) = $2 as ok", [
    password,
    user.encrypted_password,
  ]);
  return rows[0]?.ok === true;
}

/** Merges like GoTrue's UpdateUserMetaData: a null value removes its key. */
export const mergeMetadata = (current: Json | null, updates: Json): Json => {
  const merged = { ...current };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
};

export async function insertUser(
  db: Db,
  fields: {
    id?: string;
    email: string;
    aud: string;
    role: string;
    password?: string;
    userMetadata: Json;
    appMetadata: Json;
  },
  now: Date,
): Promise<UserRow> {
  const user = await one(
    db,
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, raw_app_meta_data, raw_user_meta_data,
                             created_at, updated_at)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, $3, $4,
             case when $5::text is null then '' else extensions.crypt($5, extensions.gen_salt('bf', 10)) end, $6, $7, $8, $8)
     returning *`,
    [
      fields.id ?? randomUUID(),
      fields.aud,
      fields.role,
      fields.email,
      fields.password ?? null,
      fields.appMetadata,
      fields.userMetadata,
      now,
    ],
  );
  if (!user) throw new Error("insert into auth.users returned nothing");
  return user;
}

/** The identity data GoTrue builds from provider.Claims{Subject, Email} (structs.Map). */
export const emailIdentityData = (user: UserRow): Json => ({
  sub: user.id,
  email: user.email ?? "",
  email_verified: false,
  phone_verified: false,
});

export async function findEmailIdentity(db: Db, userId: string) {
  const { rows } = await db.query<IdentityRow>(
    "select * from auth.identities where user_id = $1 and provider = 'email'",
    [userId],
  );
  return rows[0];
}

export async function insertEmailIdentity(db: Db, user: UserRow, identityData: Json, now: Date): Promise<IdentityRow> {
  const data = { ...identityData, email: String(identityData.email ?? "").toLowerCase() };
  const { rows } = await db.query<IdentityRow>(
    `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1, $2, $3, 'email', $4, $4, $4) returning *`,
    [user.id, user.id, data, now],
  );
  return rows[0]!;
}

export async function updateEmailIdentity(db: Db, userId: string, updates: Json, now: Date) {
  await db.query(
    "update auth.identities set identity_data = identity_data || $2::jsonb, updated_at = $3 where user_id = $1 and provider = 'email'",
    [userId, updates, now],
  );
}

/** GoTrue's UpdatePassword: a new password invalidates every link sent before it. */
export function clearPendingTokens(db: Db, user: UserRow, now: Date) {
  return updateUser(
    db,
    user.id,
    {
      confirmation_token: "",
      confirmation_sent_at: null,
      recovery_token: "",
      recovery_sent_at: null,
      email_change_token_current: "",
      email_change_token_new: "",
      email_change_sent_at: null,
      phone_change_token: "",
      phone_change_sent_at: null,
      reauthentication_token: "",
      reauthentication_sent_at: null,
    },
    now,
  );
}

/** GoTrue's User.Confirm: clears the confirmation token and marks the address verified. */
export async function confirmUser(db: Db, user: UserRow, now: Date): Promise<UserRow> {
  return updateUser(
    db,
    user.id,
    {
      confirmation_token: "",
      email_confirmed_at: now,
      raw_user_meta_data: mergeMetadata(user.raw_user_meta_data, { email_verified: true }),
    },
    now,
  );
}

/** GoTrue's UpdateAppMetaDataProviders: app_metadata.providers lists the user's identities. */
export async function refreshProviders(db: Db, user: UserRow, now: Date): Promise<UserRow> {
  const { rows } = await db.query<{ provider: string }>(
    "select distinct provider from auth.identities where user_id = $1 order by provider",
    [user.id],
  );
  const providers = rows.map((row) => row.provider);
  const updates: Json = { providers, ...(providers.length ? { provider: providers[0] } : {}) };
  return updateUser(db, user.id, { raw_app_meta_data: mergeMetadata(user.raw_app_meta_data, updates) }, now);
}

const time = (value: Date | null) => (value ? value.toISOString() : undefined);

/** The user as GoTrue's models.User marshals it (omitempty fields left out when unset). */
export async function userJson(db: Db, user: UserRow): Promise<Json> {
  const { rows } = await db.query<IdentityRow>(
    "select * from auth.identities where user_id = $1 order by created_at, id",
    [user.id],
  );
  return toUserJson(user, rows.map(identityJson));
}

export function toUserJson(user: UserRow, identities: Json[]): Json {
  return withoutUndefined({
    id: user.id,
    aud: user.aud ?? "",
    role: user.role ?? "",
    email: user.email ?? "",
    email_confirmed_at: time(user.email_confirmed_at),
    invited_at: time(user.invited_at),
    phone: user.phone ?? "",
    phone_confirmed_at: time(user.phone_confirmed_at),
    confirmation_sent_at: time(user.confirmation_sent_at),
    confirmed_at: time(user.confirmed_at),
    recovery_sent_at: time(user.recovery_sent_at),
    new_email: user.email_change || undefined,
    email_change_sent_at: time(user.email_change_sent_at),
    new_phone: user.phone_change || undefined,
    phone_change_sent_at: time(user.phone_change_sent_at),
    reauthentication_sent_at: time(user.reauthentication_sent_at),
    last_sign_in_at: time(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    identities,
    created_at: time(user.created_at) ?? new Date(0).toISOString(),
    updated_at: time(user.updated_at) ?? new Date(0).toISOString(),
    banned_until: time(user.banned_until),
    deleted_at: time(user.deleted_at),
    is_anonymous: user.is_anonymous,
  });
}

const identityJson = (identity: IdentityRow): Json =>
  withoutUndefined({
    identity_id: identity.id,
    id: identity.provider_id,
    user_id: identity.user_id,
    identity_data: identity.identity_data,
    provider: identity.provider,
    last_sign_in_at: time(identity.last_sign_in_at),
    created_at: time(identity.created_at),
    updated_at: time(identity.updated_at),
    email: identity.email || undefined,
  });

const withoutUndefined = (value: Json): Json =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
