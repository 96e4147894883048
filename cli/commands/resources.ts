// `mesosim resources RES`: parses a resource string (text or JSON) and prints it
// back normalised, with its quantities. Handy to check what a scenario or agent
// spec means, and it exercises the parser end to end.
import type { CommandModule } from "yargs";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import { formatResources, resourcesToJson } from "../../allocators/resources/resource-format.ts";

interface Args {
  resources: string;
  json: boolean;
}

export const resourcesCommand: CommandModule<object, Args> = {
  command: "resources <resources>",
  describe: "parse resources (Mesos text syntax or JSON) and print them normalised, with quantities",
  builder: (y) =>
    y
      .positional("resources", { type: "string", demandOption: true, describe: "e.g. 'cpus:2;mem:1024;ports:[31000-32000];cpus(role1):4'" })
      .option("json", { type: "boolean", default: false, describe: "print JSON: the v1 Resource objects and the quantities" })
      .example("$0 resources 'cpus(a):1;cpus:2;ports:[1-3,2-5]'", "prints cpus(a):1;cpus:2;ports:[1-5] and its quantities"),
  handler: (args) => {
    const r = parseResources(args.resources);
    const quantities = r.quantities();
    if (args.json) {
      process.stdout.write(
        `${JSON.stringify({ resources: resourcesToJson(r), text: formatResources(r), quantities: Object.fromEntries(quantities.entries()) })}\n`,
      );
      return;
    }
    process.stdout.write(`${formatResources(r)}\n`);
    process.stdout.write(`quantities: ${quantities.toString() || "(none)"}\n`);
  },
};
