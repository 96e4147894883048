// A UTF-8 byte-order mark (EF BB BF, U+FEFF) at the start of a file is an
// encoding signature, not text: spreadsheets and Windows tools write it, and left
// in place it becomes part of the first field (a machine "\uFEFFm_1" next to
// "m_1"). Every file a trace command reads goes through one of these, so a file
// with a BOM reads exactly like the same file without one.

/** The UTF-8 encoding of U+FEFF. */
export const BOM_BYTES: readonly number[] = [0xef, 0xbb, 0xbf];

/** `text` without one leading U+FEFF (only the first: a second one is content). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** How many bytes of `buf` (a file's first bytes) are a BOM: 3 or 0. */
export function bomLength(buf: Uint8Array): number {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
}

/** True while `buf` is too short to tell, but could still begin a BOM. */
export function mayBeBomPrefix(buf: Uint8Array): boolean {
  if (buf.length >= 3) return false;
  for (let i = 0; i < buf.length; i++) if (buf[i] !== BOM_BYTES[i]) return false;
  return true;
}
