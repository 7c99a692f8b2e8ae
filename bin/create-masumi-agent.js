#!/usr/bin/env node
import module from "node:module";

// V8 keeps the code it compiles for the CLI's modules in a cache on disk (Node >= 22.1; Node 20
// has no enableCompileCache), so a later run reads it instead of compiling again. Enabled before
// the CLI is imported, which is why that import is dynamic; a cache that cannot be written is
// skipped without error, and NODE_DISABLE_COMPILE_CACHE turns it off.
module.enableCompileCache?.();

const { main } = await import("../dist/cli.js");
await main();
