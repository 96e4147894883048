// The framework models, by the name an experiment's `model` gives: a factory and
// the schema of the model's own `params` (unknown keys are errors). One line each.
import { z } from "zod";
import { BatchModel, batchParams, batchParamsSchema } from "./batch-model.ts";
import type { FrameworkModelFactory } from "./framework-model.ts";

interface ModelEntry {
  readonly create: FrameworkModelFactory;
  readonly params: z.ZodType<Record<string, unknown>>;
}

const MODELS: ReadonlyMap<string, ModelEntry> = new Map<string, ModelEntry>([
  ["batch", { create: (driver, params) => new BatchModel(driver, batchParams(params)), params: batchParamsSchema }],
]);

export const FRAMEWORK_MODELS: ReadonlyMap<string, FrameworkModelFactory> = new Map([...MODELS].map(([k, v]) => [k, v.create]));
export const FRAMEWORK_MODEL_PARAMS: ReadonlyMap<string, z.ZodType<Record<string, unknown>>> = new Map([...MODELS].map(([k, v]) => [k, v.params]));
