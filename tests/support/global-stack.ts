import { startStack, type Stack } from "../../supabase/local/stack";

/**
 * Starts one fresh local stack (own ports and data folder, see vitest.config.ts) for the
 * projects that need it. Vitest loads this global setup once per project, as separate
 * modules and possibly at the same time, so the shared state lives on globalThis: the stack
 * starts once and stops when the last project is done.
 */
type Shared = { starting?: Promise<Stack>; users: number };
const shared: Shared = ((globalThis as { __sammenStack?: Shared }).__sammenStack ??= { users: 0 });

export async function setup() {
  shared.users += 1;
  shared.starting ??= startStack({ reset: true, cron: false });
  await shared.starting;
}

export async function teardown() {
  shared.users -= 1;
  if (shared.users === 0 && shared.starting) {
    const stack = await shared.starting;
    shared.starting = undefined;
    await stack.stop();
  }
}
