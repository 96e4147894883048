#!/usr/bin/env node
// The `mesosim` command. The sources are TypeScript run through tsx's loader, so
// there is no build step between `npm ci` and a working CLI.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
