// Splits one line of a delimited table into its fields, reading RFC 4180 quoting:
// a field that starts with `"` runs to the matching `"`, may hold the separator,
// and writes a quote inside as `""` (`"Zoë, ☃"` is one field, `Zoë, ☃`). A line
// without a quote, which is every line of most traces, takes `split` and costs
// nothing more.
//
// A quoted field that is still open at the end of the line would continue on the
// next one. Line sources split lines before any reader sees them, so such a field
// is reported as a bad field rather than joined across lines.
import { BadField } from "./bad-field.ts";

const QUOTE = 34;

/** The name bad quoting is reported under (the splitter does not know field names). */
export const QUOTING = "quoting";

export function splitFields(line: string, separator = ","): string[] {
  if (line.indexOf('"') < 0) return line.split(separator);
  return splitQuoted(line, separator);
}

/** The quoted path of `splitFields`, for lines known to hold a `"`. */
export function splitQuoted(line: string, separator: string): string[] {
  const sep = separator.charCodeAt(0);
  const out: string[] = [];
  let p = 0;
  const n = line.length;
  for (;;) {
    const field = out.length + 1;
    if (line.charCodeAt(p) === QUOTE) {
      let value = "";
      let from = p + 1;
      for (;;) {
        const q = line.indexOf('"', from);
        if (q < 0) {
          throw new BadField(field, QUOTING, "quoted field not closed on this line (a quoted field spanning lines is not supported)");
        }
        value += line.slice(from, q);
        if (line.charCodeAt(q + 1) === QUOTE) {
          // `""` inside quotes is one quote.
          value += '"';
          from = q + 2;
          continue;
        }
        p = q + 1;
        break;
      }
      out.push(value);
      if (p === n) return out;
      if (line.charCodeAt(p) !== sep) throw new BadField(field, QUOTING, `text after the closing quote: ${JSON.stringify(line.slice(p, p + 20))}`);
      p++;
      continue;
    }
    let q = line.indexOf(separator, p);
    if (q < 0) q = n;
    const value = line.slice(p, q);
    // Go's encoding/csv and RFC 4180 alike: a quote may appear only in a quoted field.
    if (value.indexOf('"') >= 0) throw new BadField(field, QUOTING, `bare quote in an unquoted field: ${JSON.stringify(value)}`);
    out.push(value);
    if (q === n) return out;
    p = q + 1;
  }
}
