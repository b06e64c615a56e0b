import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The files Sammen hands to other systems (the bank's pain.001, the archive's arkivmelding),
 * checked by xmllint (Debian's libxml2-utils, which .ci/run installs). A machine without
 * xmllint fails these tests rather than passing them unchecked.
 */
const folder = mkdtempSync(join(tmpdir(), "sammen-xml-"));

function written(xml: string): string {
  const file = join(folder, `${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  return file;
}

/** xmllint's verdict on the document against the schema file. */
export function validateXml(xsd: string, xml: string) {
  const run = spawnSync("xmllint", ["--noout", "--schema", xsd, written(xml)], { encoding: "utf8" });
  if (run.error) throw run.error;
  return { valid: run.status === 0, messages: run.stderr };
}

/** The texts at a path of element names, whatever the namespace prefix, as they read. */
export function readXml(xml: string, path: string): string[] {
  const xpath = path
    .split("/")
    .map((step) => (step ? `*[local-name()='${step}']` : ""))
    .join("/");
  const text = execFileSync("xmllint", ["--xpath", `${xpath}/text()`, written(xml)], { encoding: "utf8" });
  // xmllint prints the texts escaped again.
  const unescaped = text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
  return unescaped.trim() ? unescaped.trim().split("\n") : [];
}
