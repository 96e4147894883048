// Counts in messages: "1 role", "2 roles".

/** `n` and `word`, with an "s" unless `n` is 1: plural(2, "task") is "2 tasks". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
