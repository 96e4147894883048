// The ids of the tasks submitted and not ended for good (a requeued task keeps its
// id). A trace may submit an id again while its earlier run is still alive here (a
// resubmission after an eviction: docs/trace-format.md); the new one runs as ID#2
// (#3, ...), the lowest suffix free, so that every live task has its own id.

export class LiveTaskIds {
  private readonly ids = new Set<string>();
  /**
   * For an id resubmitted while alive: the lowest k ≥ 2 for which `ID#k` may be
   * free (every `ID#j` with 2 ≤ j < k is alive), so that a long run of
   * resubmissions of one id does not probe every live suffix again. Kept only
   * while `ID#2` is alive, so bounded by the live ids.
   */
  private readonly suffixFloor = new Map<string, number>();

  /** Live ids. */
  get size(): number {
    return this.ids.size;
  }

  /** Makes `id` live and returns the id it runs as: `id`, or `id#k` if `id` is already live. */
  add(id: string): string {
    let live = id;
    if (this.ids.has(id)) {
      let k = this.suffixFloor.get(id) ?? 2;
      while (this.ids.has(`${id}#${k}`)) k++;
      this.suffixFloor.set(id, k + 1);
      live = `${id}#${k}`;
    }
    this.ids.add(live);
    return live;
  }

  /** A task id ended for good: it, and a suffix `ID#k` it may be of another id, is free again. */
  delete(id: string): void {
    this.ids.delete(id);
    const hash = id.lastIndexOf("#");
    if (hash < 0) return;
    const base = id.slice(0, hash);
    const floor = this.suffixFloor.get(base);
    if (floor === undefined) return;
    const k = Number(id.slice(hash + 1));
    if (String(k) !== id.slice(hash + 1) || k >= floor) return;
    if (k <= 2) this.suffixFloor.delete(base);
    else this.suffixFloor.set(base, k);
  }
}
