// A JSON or YAML input file, parsed, that still knows where each of its values
// came from, so that an error about a key path can name the line and column a
// user has to edit (`spec.json:12:7: roles[0].arrivals.ratePerSecond: …`).
//
// JSON is parsed by JSON.parse (exact JSON semantics; YAML would accept trailing
// commas and comments) and walked once by a small scanner that records the offset
// of every key and value by path, finds the offset of a syntax fault (Node 20's
// JSON.parse does not always say where), and catches duplicate keys, which
// JSON.parse would silently resolve to the last one. YAML (`.yaml`, `.yml`) is
// parsed by the `yaml` package, whose nodes carry their source ranges.
import { readFileSync } from "node:fs";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { InputError } from "./input-error.ts";

/** A path into a parsed document: object keys and array indexes. */
export type KeyPath = ReadonlyArray<string | number>;

export interface Position {
  /** From 1. */
  readonly line: number;
  /** From 1. */
  readonly column: number;
}

/** `roles[0].arrivals.ratePerSecond`; keys that are not identifiers are quoted. */
export function formatKeyPath(path: KeyPath): string {
  let out = "";
  for (const k of path) {
    if (typeof k === "number") out += `[${k}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(k)) out += out === "" ? k : `.${k}`;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out;
}

/** Line and column (from 1) of a UTF-16 offset in `text`. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: end - start + 1 };
}

export class SourceDocument {
  constructor(
    /** The file, as the user named it. */
    readonly file: string,
    /** The parsed value. */
    readonly data: unknown,
    private readonly locate: (path: KeyPath) => Position | undefined,
  ) {}

  /**
   * Where `path` is: its key when the last step is an object key that is present
   * (the line to edit for an unknown or wrong field), else its value; for a path
   * that does not exist (a missing field), the deepest part of it that does.
   */
  positionOf(path: KeyPath): Position {
    for (let n = path.length; n >= 0; n--) {
      const p = this.locate(path.slice(0, n));
      if (p !== undefined) return p;
    }
    return { line: 1, column: 1 };
  }

  /** `file:line:column` of `path`. */
  where(path: KeyPath): string {
    const p = this.positionOf(path);
    return `${this.file}:${p.line}:${p.column}`;
  }
}

/** Bad JSON or YAML syntax: the message is `file:line:column: not valid JSON: why`. */
export class DocumentSyntaxError extends InputError {
  constructor(
    readonly file: string,
    readonly position: Position,
    /** `not valid JSON: …`, `duplicate key …`. */
    readonly reason: string,
  ) {
    super(`${file}:${position.line}:${position.column}: ${reason}`);
  }
}

const isYamlPath = (file: string): boolean => /\.ya?ml$/i.test(file);

/** Reads and parses `file` (YAML if named `.yaml`/`.yml`, else JSON); bad syntax is an InputError at its line and column. */
export function loadSourceDocument(file: string): SourceDocument {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new InputError(`${file}: cannot read the file: ${(err as Error).message}`);
  }
  return parseSourceDocument(text, file);
}

/**
 * Parses `text` read from `file`: as `syntax` says, else YAML if the name ends
 * `.yaml`/`.yml` and JSON otherwise.
 */
export function parseSourceDocument(text: string, file: string, syntax?: "json" | "yaml"): SourceDocument {
  // A UTF-8 byte-order mark (spreadsheets, Windows editors) is not part of the document.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return (syntax ?? (isYamlPath(file) ? "yaml" : "json")) === "yaml" ? parseYaml(text, file) : parseJson(text, file);
}

// ---- JSON ------------------------------------------------------------------

function parseJson(text: string, file: string): SourceDocument {
  const scan = scanJson(text);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    // Node 20 gives a position for some errors only ("… in JSON at position N"),
    // so the scanner's offset of the first fault is used when it has none.
    const message = (err as Error).message;
    const at = /at position (\d+)/.exec(message);
    const offset = at !== null ? Number(at[1]) : (scan.error ?? text.length);
    const what = message
      .replace(/\s*in JSON at position \d+.*$/s, "")
      .replace(/, (\.\.\.)?".*" is not valid JSON$/s, "")
      .replace(/\s+/g, " ");
    throw new DocumentSyntaxError(file, positionAt(text, offset), `not valid JSON: ${what}`);
  }
  const { keys, values, duplicate } = scan;
  if (duplicate !== undefined) {
    throw new DocumentSyntaxError(file, positionAt(text, duplicate.offset), `${formatKeyPath(duplicate.path)}: duplicate key (JSON keeps only the last one)`);
  }
  const locate = (path: KeyPath): Position | undefined => {
    const id = JSON.stringify(path);
    const offset = typeof path[path.length - 1] === "string" ? (keys.get(id) ?? values.get(id)) : values.get(id);
    return offset === undefined ? undefined : positionAt(text, offset);
  };
  return new SourceDocument(file, data, locate);
}

class JsonFault {
  constructor(readonly offset: number) {}
}

const JSON_NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/**
 * One pass over JSON `text`: the offset of every key and value by path
 * (JSON-encoded), the first duplicate key, and the offset of the first syntax
 * fault if there is one (JSON.parse says what the fault is).
 */
function scanJson(text: string): {
  keys: Map<string, number>;
  values: Map<string, number>;
  duplicate: { path: KeyPath; offset: number } | undefined;
  error: number | undefined;
} {
  const keys = new Map<string, number>();
  const values = new Map<string, number>();
  let duplicate: { path: KeyPath; offset: number } | undefined;
  let i = 0;
  const fault = (): never => {
    throw new JsonFault(i);
  };
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t")) i++;
  };
  const expect = (c: string) => {
    ws();
    if (text[i] !== c) fault();
    i++;
  };
  const string = (): string => {
    if (text[i] !== '"') fault();
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fault();
      i += text[i] === "\\" ? 2 : 1;
    }
    if (i >= text.length) fault();
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      i = start;
      return fault();
    }
  };
  const value = (path: Array<string | number>): void => {
    ws();
    values.set(JSON.stringify(path), i);
    const c = text[i];
    if (c === "{") {
      i++;
      const seen = new Set<string>();
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        const keyAt = i;
        const key = string();
        path.push(key);
        if (seen.has(key) && duplicate === undefined) duplicate = { path: [...path], offset: keyAt };
        seen.add(key);
        keys.set(JSON.stringify(path), keyAt);
        expect(":");
        value(path);
        path.pop();
        ws();
        if (text[i] === "}") {
          i++;
          return;
        }
        expect(",");
      }
    } else if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        path.push(n);
        value(path);
        path.pop();
        ws();
        if (text[i] === "]") {
          i++;
          return;
        }
        expect(",");
      }
    } else if (c === '"') {
      string();
    } else {
      for (const word of ["true", "false", "null"]) {
        if (text.startsWith(word, i)) {
          i += word.length;
          return;
        }
      }
      JSON_NUMBER.lastIndex = i;
      if (!JSON_NUMBER.test(text)) fault();
      i = JSON_NUMBER.lastIndex;
    }
  };
  let error: number | undefined;
  try {
    value([]);
    ws();
    if (i < text.length) fault();
  } catch (err) {
    if (!(err instanceof JsonFault)) throw err;
    error = err.offset;
  }
  return { keys, values, duplicate, error };
}

// ---- YAML ------------------------------------------------------------------

function parseYaml(text: string, file: string): SourceDocument {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error !== undefined) {
    const p = lineCounter.linePos(error.pos[0]);
    throw new DocumentSyntaxError(file, { line: p.line, column: p.col }, `not valid YAML: ${error.message.split("\n")[0]}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new InputError(`${file}: not valid YAML: ${(err as Error).message}`);
  }
  const locate = (path: KeyPath): Position | undefined => {
    let node: unknown = doc.contents;
    let at: number | undefined = (node as Node | null)?.range?.[0];
    for (const step of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? p.key.value : p.key) === step);
        if (pair === undefined) return undefined;
        at = (pair.key as Node | null)?.range?.[0];
        node = pair.value;
      } else if (isSeq(node) && typeof step === "number") {
        node = node.items[step];
        if (node === undefined) return undefined;
        at = (node as Node).range?.[0];
      } else {
        return undefined;
      }
    }
    // The key of the last step if it was an object key, else the value.
    if (typeof path[path.length - 1] !== "string") at = (node as Node | null)?.range?.[0] ?? at;
    if (at === undefined) return undefined;
    const p = lineCounter.linePos(at);
    return { line: p.line, column: p.col };
  };
  return new SourceDocument(file, data, locate);
}
