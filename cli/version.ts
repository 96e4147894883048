// mesosim's version, from package.json (found from the sources or from a build under dist/).
import { existsSync, readFileSync } from "node:fs";

function findVersion(): string {
  for (const rel of ["../package.json", "../../package.json"]) {
    const url = new URL(rel, import.meta.url);
    if (!existsSync(url)) continue;
    const pkg = JSON.parse(readFileSync(url, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "mesosim" && typeof pkg.version === "string") return pkg.version;
  }
  return "unknown";
}

export const MESOSIM_VERSION = findVersion();
