import fs from "node:fs";

/**
 * `npm run lockfile:complete` — run after `npm install` changes package-lock.json.
 *
 * The registry mirror here lacks some platform builds (rollup, tailwind oxide for other
 * systems), so npm leaves their optional entries out of the lock file, and `npm ci` then
 * refuses the lock as out of sync. This adds each missing optional platform package with the
 * os/cpu/libc its name declares, which is all `npm ci` needs to skip it on this platform.
 */
type Entry = {
  version?: string;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
};
const path = "package-lock.json";
const lock = JSON.parse(fs.readFileSync(path, "utf8")) as { packages: Record<string, Entry> };

const systems = ["android", "darwin", "freebsd", "openbsd", "openharmony", "win32", "linux"];
const cpus: Array<[string, string]> = [
  ["arm-eabi", "arm"],
  ["arm-gnueabihf", "arm"],
  ["arm-musleabihf", "arm"],
  ["arm64", "arm64"],
  ["x64", "x64"],
  ["ia32", "ia32"],
  ["loong64", "loong64"],
  ["ppc64", "ppc64"],
  ["riscv64", "riscv64"],
  ["s390x", "s390x"],
  ["wasm32", "wasm32"],
];

function platformOf(name: string): Pick<Entry, "os" | "cpu" | "libc"> | undefined {
  const base = name.split("/").pop()!;
  const os = systems.find((system) => base.includes(system));
  const cpu = cpus.find(([pattern]) => base.includes(pattern))?.[1];
  if (!os && !cpu) return undefined; // not a platform build: leave it for npm to resolve
  const libc = base.includes("musl")
    ? "musl"
    : base.endsWith("-gnu") || base.includes("gnueabihf")
      ? "glibc"
      : undefined;
  return { ...(os && { os: [os] }), ...(cpu && { cpu: [cpu] }), ...(libc && { libc: [libc] }) };
}

let added = 0;
for (const entry of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (lock.packages[`node_modules/${name}`]) continue;
    const platform = platformOf(name);
    if (!platform) continue;
    lock.packages[`node_modules/${name}`] = { version, optional: true, ...platform };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
fs.writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} optional platform entries to ${path}`);
