import { startStack, type Stack } from "../../supabase/local/stack";

/**
 * Starts one fresh local stack (own ports and data folder, see vitest.config.ts) for the
 * projects that need it. Vitest shares a global setup file between projects, so the stack
 * is started once per run and stopped when the last project is done.
 */
let stack: Stack | undefined;
let users = 0;

export async function setup() {
  users += 1;
  stack ??= await startStack({ reset: true, cron: false });
}

export async function teardown() {
  users -= 1;
  if (users === 0 && stack) {
    await stack.stop();
    stack = undefined;
  }
}
