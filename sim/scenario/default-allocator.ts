// The allocator scenarios run against: Mesos's hierarchical DRF allocator. Kept
// in one place so that tests can run the same scenarios against a fake.
import type { AllocatorOptions } from "../../allocators/allocator.ts";
import { HierarchicalAllocator } from "../../allocators/hierarchical/hierarchical-allocator.ts";
import type { AllocatorFactory } from "./run-scenario.ts";

export const createDefaultAllocator: AllocatorFactory = (options: AllocatorOptions) => new HierarchicalAllocator(options);
