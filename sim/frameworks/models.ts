// The framework models, by the name an experiment's `model` gives. One line each.
import { BatchModel } from "./batch-model.ts";
import type { FrameworkModelFactory } from "./framework-model.ts";

export const FRAMEWORK_MODELS: ReadonlyMap<string, FrameworkModelFactory> = new Map<string, FrameworkModelFactory>([
  ["batch", (driver) => new BatchModel(driver)],
]);
