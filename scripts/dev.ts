import { spawn } from "node:child_process";
import { APP_PORT, SITE_URL } from "../supabase/local/config";
import { startStack } from "../supabase/local/stack";

/**
 * `npm run dev`: the local Supabase stack (with demo data on first start) and the app's own
 * server (server/index.js) with Vite in development mode, wired together, so that development
 * refuses the same requests production does (cross-site posts, unknown methods, bodies too
 * large). Stop both with Ctrl+C. The app listens on PORT (3000 unless set), and the
 * stack's e-mail links lead there (SITE_URL, from the same port unless set).
 */
const stack = await startStack({ log: (line) => console.log(`[stack] ${line}`) });

console.log(`[stack] App           ${SITE_URL}`);
console.log(`[stack] Supabase API  ${stack.url}`);
console.log(`[stack] Mailbox       ${stack.url}/mailbox (SMTP ${stack.smtpUrl})`);
console.log(`[stack] Brønnøysund   ${stack.url}/brreg (stand-in)`);
console.log(`[stack] Database      ${stack.databaseUrl}`);

const app = spawn(process.execPath, ["server/index.js"], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "development",
    PORT: String(APP_PORT),
    SUPABASE_URL: stack.url,
    SUPABASE_ANON_KEY: stack.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: stack.serviceRoleKey,
    SITE_URL,
    // The app sends its mail over SMTP as in production, here to the stack's mailbox.
    SMTP_URL: stack.smtpUrl,
    BRREG_URL: `${stack.url}/brreg`,
  },
});

let stopping = false;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  app.kill("SIGTERM");
  await stack.stop();
  process.exit(code);
};
app.on("exit", (code) => void stop(code ?? 0));
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
