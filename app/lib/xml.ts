/**
 * A small XML writer for the files Sammen hands to other systems (the bank's pain.001): a
 * document is built in one go from elements, and every text and attribute value is escaped on
 * the way out, so no input can end an element or open one. Optional parts are written as
 * `null` (or `false`) and left out.
 */
export type XmlElement = { name: string; attributes: Record<string, string>; children: XmlChild[] };
type XmlChild = XmlElement | string | number;
type XmlContent = XmlChild | null | false | undefined;

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

/** `<name attributes>children</name>`; a child that is null or false is left out. */
export function element(
  name: string,
  attributes: Record<string, string> | null,
  ...children: XmlContent[]
): XmlElement {
  for (const key of [name, ...Object.keys(attributes ?? {})]) {
    if (!NAME.test(key)) throw new Error(`Not an XML name: ${key}`);
  }
  return {
    name,
    attributes: attributes ?? {},
    children: children.filter((child): child is XmlChild => child !== null && child !== false && child !== undefined),
  };
}

/** The document as UTF-8 text with an XML declaration, two spaces per level. */
export function xmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${write(root, "")}\n`;
}

function write(node: XmlElement, indent: string): string {
  const attributes = Object.entries(node.attributes)
    .map(([key, value]) => ` ${key}="${escape(value).replaceAll('"', "&quot;")}"`)
    .join("");
  const open = `${indent}<${node.name}${attributes}`;
  if (node.children.length === 0) return `${open}/>`;
  if (node.children.every((child) => typeof child !== "object")) {
    return `${open}>${node.children.map((child) => escape(String(child))).join("")}</${node.name}>`;
  }
  const inner = node.children.map((child) =>
    typeof child === "object" ? write(child, `${indent}  `) : `${indent}  ${escape(String(child))}`,
  );
  return `${open}>\n${inner.join("\n")}\n${indent}</${node.name}>`;
}

// Characters XML 1.0 does not allow at all (control characters but tab and line ends, lone
// surrogates, U+FFFE/U+FFFF): dropped, as no escape can carry them.
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching those control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escape(text: string): string {
  return text.replace(NOT_XML, "").replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
