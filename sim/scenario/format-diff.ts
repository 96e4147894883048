// The readable failure of an offer expectation: the expected and the actual
// callbacks, one line per framework / role / agent with resources in text form,
// marking what is missing (`-`) and what is unexpected (`+`). Lines of matched
// callbacks are shown too, unmarked, so the reader sees the whole picture.
//
//   step 5 (expectOffers): offers differ: 1 expected offer missing, 1 unexpected
//     expected (- missing):
//         [1] framework1  role1  agent1  cpus:2;mem:1024
//       - [2] framework2  role2  agent2  cpus:1;mem:512
//     actual (+ unexpected):
//         [1] framework1  role1  agent1  cpus:2;mem:1024
//       + [2] framework2  role2  agent2  cpus:1;mem:1024
//
// `[n]` numbers the callbacks, so the lines of one callback (several agents or
// roles) can be told from another callback to the same framework.
import type { Resources } from "../../allocators/resources/resources.ts";
import { formatResources } from "../../allocators/resources/resource-format.ts";
import type { ActualOffer, OfferMatch } from "./match-offers.ts";
import type { ExpectedInverseOffer, ExpectedOffer } from "./scenario-file.ts";
import { plural } from "../../common/plural.ts";

/** Resources in the text syntax where it can say them (JSON otherwise), allocation info stripped. */
export function resourcesText(resources: Resources): string {
  const text = formatResources(resources.unallocate());
  return text === "" ? "{}" : text;
}

type Row = [mark: string, callback: string, framework: string, role: string, agent: string, resources: string];

function expectedRows(e: ExpectedOffer, n: number, mark: string): Row[] {
  const cb = `[${n}]`;
  switch (e.form) {
    case "offers": {
      const rows: Row[] = [];
      for (const [role, agents] of e.offers) {
        for (const [agent, res] of agents) rows.push([mark, cb, e.framework, role, agent, resourcesText(res)]);
        if (agents.size === 0) rows.push([mark, cb, e.framework, role, "(no agent)", ""]);
      }
      if (rows.length === 0) rows.push([mark, cb, e.framework, "(no role)", "", ""]);
      return rows;
    }
    case "agents": {
      const rows: Row[] = [];
      for (const [agent, res] of e.agents) rows.push([mark, cb, e.framework, e.role, agent, resourcesText(res)]);
      if (rows.length === 0) rows.push([mark, cb, e.framework, e.role, "(no agent)", ""]);
      return rows;
    }
    case "total": {
      const count = e.agentCount === undefined ? "any number of agents" : plural(e.agentCount, "agent");
      const within = e.agentIn === undefined ? "" : ` in {${e.agentIn.join(", ")}}`;
      return [[mark, cb, e.framework, e.role, `total on ${count}${within}`, resourcesText(e.total)]];
    }
  }
}

function actualRows(a: ActualOffer, n: number, mark: string): Row[] {
  const rows: Row[] = [];
  for (const [role, agents] of a.offers) {
    for (const [agent, res] of agents) rows.push([mark, `[${n}]`, a.framework, role, agent, resourcesText(res)]);
  }
  if (rows.length === 0) rows.push([mark, `[${n}]`, a.framework, "(nothing)", "", ""]);
  return rows;
}

/** Aligns columns; every row is indented by `indent`. */
function table(rows: readonly Row[], indent: string): string[] {
  const widths = [0, 1, 2, 3, 4].map((c) => Math.max(0, ...rows.map((r) => (r[c] as string).length)));
  // The mark and the callback number read as one unit ("- [2]"); the rest in columns.
  return rows.map((r) =>
    (indent + r.map((cell, c) => (c === 5 ? cell : cell.padEnd(widths[c] as number) + (c === 0 ? " " : "  "))).join("")).trimEnd(),
  );
}

/** The failure message of an `expectOffers`/`expectNoOffers` step whose match failed. */
export function formatOfferDiff(
  expected: readonly ExpectedOffer[],
  actual: readonly ActualOffer[],
  match: OfferMatch,
): string {
  const missing = match.expectedTo.filter((a) => a < 0).length;
  const unexpected = match.actualTo.filter((e) => e < 0).length;
  const head = `offers differ: ${[missing > 0 ? `${plural(missing, "expected offer")} missing` : "", unexpected > 0 ? `${plural(unexpected, "offer")} unexpected` : ""]
    .filter((s) => s !== "")
    .join(", ")}`;
  const erows = expected.flatMap((e, i) => expectedRows(e, i + 1, (match.expectedTo[i] as number) < 0 ? "-" : " "));
  const arows = actual.flatMap((a, i) => actualRows(a, i + 1, (match.actualTo[i] as number) < 0 ? "+" : " "));
  // One table for both halves, so that the columns line up across them.
  const lines = table([...erows, ...arows], "    ");
  return [
    head,
    "  expected (- missing):",
    ...(erows.length === 0 ? ["      (no offers)"] : lines.slice(0, erows.length)),
    "  actual (+ unexpected):",
    ...(arows.length === 0 ? ["      (no offers)"] : lines.slice(erows.length)),
  ].join("\n");
}

export interface ActualInverseOffer {
  readonly framework: string;
  readonly agent: string;
  readonly start: number;
  readonly duration?: number;
}

const seconds = (us: number): string => `${us / 1e6}s`;

function inverseText(o: ExpectedInverseOffer | ActualInverseOffer): [string, string, string] {
  return [o.framework, o.agent, `start ${seconds(o.start)}${o.duration === undefined ? "" : `, duration ${seconds(o.duration)}`}`];
}

export function formatInverseOfferDiff(
  expected: readonly ExpectedInverseOffer[],
  actual: readonly ActualInverseOffer[],
  match: OfferMatch,
): string {
  const erows = expected.map((e, i): Row => [(match.expectedTo[i] as number) < 0 ? "-" : " ", `[${i + 1}]`, ...inverseText(e), ""]);
  const arows = actual.map((a, i): Row => [(match.actualTo[i] as number) < 0 ? "+" : " ", `[${i + 1}]`, ...inverseText(a), ""]);
  const lines = table([...erows, ...arows], "    ");
  return [
    "inverse offers differ",
    "  expected (- missing):",
    ...(erows.length === 0 ? ["      (no inverse offers)"] : lines.slice(0, erows.length)),
    "  actual (+ unexpected):",
    ...(arows.length === 0 ? ["      (no inverse offers)"] : lines.slice(erows.length)),
  ].join("\n");
}
