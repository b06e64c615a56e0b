import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { generateApiTypes, generatedFile } from "./api-types";

/**
 * `npm run gen:types`: writes app/lib/api/functions.generated.ts from the catalog of the
 * database DATABASE_URL names (as it is: migrate it first), or else of a scratch database in
 * `.sammen/gen-types` built from the migrations, the way the local stack builds it.
 */
async function scratchDatabase() {
  process.env.SAMMEN_DATA_DIR = path.resolve(".sammen/gen-types");
  process.env.SAMMEN_DB_PORT = String(await freePort());
  const { startStack } = await import("../supabase/local/stack");
  const stack = await startStack({ reset: true, port: false, cron: false });
  return { url: stack.databaseUrl, stop: stack.stop };
}

function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const database = process.env.DATABASE_URL
  ? { url: process.env.DATABASE_URL, stop: async () => {} }
  : await scratchDatabase();
const client = new pg.Client({ connectionString: database.url });
try {
  await client.connect();
  fs.writeFileSync(generatedFile, await generateApiTypes(client));
  console.log(`wrote ${path.relative(process.cwd(), generatedFile)}`);
} finally {
  await client.end();
  await database.stop();
}
