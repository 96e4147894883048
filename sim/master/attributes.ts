// Agent attributes as Mesos's text form (`rack:r1;zone:a`) and as a map.

/** `rack:r1;zone:a` → {rack: r1, zone: a}; a name without a value maps to "". */
export function parseAttributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  if (text === "") return out;
  for (const part of text.split(";")) {
    if (part === "") continue;
    const colon = part.indexOf(":");
    if (colon < 0) out.set(part, "");
    else out.set(part.slice(0, colon), part.slice(colon + 1));
  }
  return out;
}

/** The inverse of parseAttributes, in the map's order. */
export function formatAttributes(attributes: Iterable<readonly [string, string]>): string {
  const parts: string[] = [];
  for (const [k, v] of attributes) parts.push(`${k}:${v}`);
  return parts.join(";");
}
