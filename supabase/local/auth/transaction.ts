import type pg from "pg";

/** Runs `work` in one database transaction, as GoTrue runs each request's writes. */
export type Transaction = <T>(work: (db: pg.PoolClient) => Promise<T>) => Promise<T>;

export const transactionOn =
  (pool: pg.Pool): Transaction =>
  async (work) => {
    const client = await pool.connect();
    try {
      await client.query("begin");
      const result = await work(client);
      await client.query("commit");
      return result;
    } catch (error) {
      if (error instanceof CommittedError) {
        await client.query("commit");
        throw error.error;
      }
      await client.query("rollback").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };

/** A handler's answer that is a redirect (303, as GoTrue's http.Redirect with StatusSeeOther). */
export class Redirect {
  constructor(readonly location: string) {}
}

/** An error to answer with after committing what was done (GoTrue's storage.NewCommitWithError). */
export class CommittedError extends Error {
  constructor(readonly error: Error) {
    super(error.message);
  }
}
