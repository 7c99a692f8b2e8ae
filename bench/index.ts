/**
 * Every benchmark in one run (`npm run bench`): scaffold speed against create-vite, server speed
 * of every supported stack against a bare node:http server, and the conformance suite's wall
 * time against the default server. Prints tables (the servers' first: the issue's table of
 * Node + Hono per store against bare node:http, bare Hono and the FastAPI stack), writes
 * bench/results/<timestamp>.json and compares with the previous results file. QUICK=1
 * (`npm run bench:quick`) shortens every part and loads Node + Hono only, in one round;
 * ROUNDS=n sets the rounds of the Node + Hono rows (default 3); ONLY=scaffold,coldstart,
 * servers,conformance picks parts. Numbers only: nothing here is asserted.
 */
import { STACK_DEFAULTS } from "../src/options.js";
import {
  generateProject,
  installStackProject,
  startCommand,
  startProject,
} from "../test/helpers/generated-project.js";
import { formatColdStart, measureColdStart, stackFromArgs } from "./cold-start.js";
import { formatConformance, measureConformance } from "./conformance.js";
import { QUICK } from "./measure.js";
import { formatComparison, machineNote, saveResults, type BenchResults } from "./results.js";
import { formatScaffold, measureScaffold, otherNodes } from "./scaffold.js";
import { loaderName } from "./load.js";
import { formatIssueTable, formatServers, measureServers, serverRounds } from "./server.js";

const parts = new Set((process.env.ONLY ?? "scaffold,coldstart,servers,conformance").split(","));
const results: BenchResults = {
  startedAt: new Date().toISOString(),
  machine: machineNote(),
  quick: QUICK,
};
const { cpus, cpuModel, loadAverageAtStart } = results.machine;
console.log(
  `bench ${results.startedAt}${QUICK ? " (QUICK)" : ""}: Node ${results.machine.node}, ${cpus} x ${cpuModel}, load average ${loadAverageAtStart.map((load) => load.toFixed(2)).join(" ")} at start`,
);
if (loadAverageAtStart[0]! > cpus / 2)
  console.log(
    "note: the machine was busy with other processes; compare ratios, not absolute numbers",
  );

if (parts.has("scaffold")) {
  console.log("\n## Scaffold speed");
  results.scaffold = await measureScaffold({ runs: QUICK ? 3 : 7, full: !QUICK });
  console.log(formatScaffold(results.scaffold));
  // Printed, not saved: the saved results compare runs on this Node.
  for (const node of otherNodes()) {
    console.log(formatScaffold(await measureScaffold({ runs: QUICK ? 3 : 7, full: false, node })));
  }
}

if (parts.has("coldstart")) {
  console.log("\n## Cold start of the default stack");
  results.coldStart = await measureColdStart(stackFromArgs([]));
  console.log(formatColdStart(results.coldStart));
}

if (parts.has("servers")) {
  const durationS = QUICK ? 2 : 5;
  const rounds = serverRounds();
  console.log(
    `\n## Server speed (${await loaderName()}, ${durationS} s per endpoint, ${rounds} round${rounds === 1 ? "" : "s"} of Node + Hono${QUICK ? " only" : ", 1 of the other pairs"})`,
  );
  results.servers = await measureServers({
    durationS,
    rounds,
    defaultOnly: QUICK,
    log: (line) => console.error(`  ${line}`),
  });
  console.log(formatIssueTable(results.servers));
  console.log();
  console.log(formatServers(results.servers));
}

if (parts.has("conformance")) {
  console.log("\n## Conformance suite wall time");
  const stack = { projectName: "bench-default", ...STACK_DEFAULTS, packageManager: "npm" } as const;
  const dir = await generateProject(stack);
  await installStackProject(dir, stack);
  const server = await startProject(dir, {}, startCommand(stack));
  try {
    results.conformance = await measureConformance("default server", server.url, QUICK ? 1 : 3);
    for (const timing of results.conformance) console.log(formatConformance(timing));
  } finally {
    await server.stop();
  }
}

const { path, previous } = await saveResults(results);
console.log(`\nresults: ${path}`);
if (previous) console.log(formatComparison(previous, results));
