import type { EnvReader } from "../../env.ts";
import { MemoryJobStore } from "./memory.ts";
import type { JobStore } from "../store.ts";

/** This agent keeps its jobs in memory: they are lost when the process stops. */
export interface StoreConfig {
  kind: "memory";
}

export function readStoreConfig(_env: EnvReader, _dataDir: string): StoreConfig {
  return { kind: "memory" };
}

export async function openStore(_config: StoreConfig): Promise<JobStore> {
  return new MemoryJobStore();
}

export function describeStore(_config: StoreConfig): string {
  return "in memory (lost when the process stops)";
}
