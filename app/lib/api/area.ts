import type { GeneratedApi, Json } from "./functions.generated";

type Name = keyof GeneratedApi;
type SqlArgs<F extends Name> = GeneratedApi[F]["args"];
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type Simplify<T> = { [K in keyof T]: T[K] };

/**
 * What an area says about one `api` function, beyond its generated types:
 * - `returns`: its result, the shape of the JSON for a jsonb result;
 * - `narrow`: arguments the app knows more about than SQL says (a jsonb argument's shape,
 *   text that takes only some values). The other arguments are SQL's, as generated.
 */
type Entry = { returns: unknown; narrow?: object };

/**
 * Checks an area against the catalog: every name is a function in schema `api`, every narrowed
 * argument is one of its arguments, fits SQL's type (or null) and stays required where SQL requires it,
 * and a non-JSON result fits SQL's. So a function or argument renamed or removed in SQL fails
 * tsc here or at the call.
 */
type Contract<T> = {
  [F in keyof T]: F extends Name
    ? {
        returns: Json extends GeneratedApi[F]["returns"] ? unknown : GeneratedApi[F]["returns"];
        narrow?: Narrowing<F, T[F]>;
      }
    : "is not a function in schema api: add it in SQL, then run npm run gen:types";
};

// SQL passes null to any argument, so a narrowing may allow null where the default is not NULL.
type Narrowing<F extends Name, E> = E extends { narrow: infer N }
  ? { [K in keyof N]: K extends keyof SqlArgs<F> ? SqlArgs<F>[K] | null : "is not an argument of this function" } & {
      [K in keyof N & RequiredKeys<SqlArgs<F>>]-?: SqlArgs<F>[K] | null;
    }
  : object;

/** An area's `api` functions (the keys of T), with their arguments and results. See ApiFunctions. */
export type ApiArea<T extends Contract<T> & { [F in keyof T]: Entry }> = {
  [F in keyof T & Name]: {
    args: T[F] extends { narrow: infer N } ? Simplify<Omit<SqlArgs<F>, keyof N> & N> : SqlArgs<F>;
    returns: T[F]["returns"];
  };
};
