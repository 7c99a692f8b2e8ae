import type { Check } from "./check.js";
import { availabilityChecks } from "./checks/availability.js";
import { concurrencyChecks } from "./checks/concurrency.js";
import { demoChecks } from "./checks/demo.js";
import { globalChecks } from "./checks/global.js";
import { inputSchemaChecks } from "./checks/input-schema.js";
import { marketplaceChecks } from "./checks/marketplace.js";
import { provideInputChecks } from "./checks/provide-input.js";
import { seedChecks } from "./checks/seed.js";
import { startJobNegativeChecks } from "./checks/start-job-negative.js";
import { startJobChecks } from "./checks/start-job.js";
import { statusChecks } from "./checks/status.js";

/** Every check, in the order reports list them: by endpoint, then the run-wide and marketplace rules. */
export const CATALOGUE: readonly Check[] = [
  ...availabilityChecks,
  ...inputSchemaChecks,
  ...startJobChecks,
  ...startJobNegativeChecks,
  ...statusChecks,
  ...seedChecks,
  ...provideInputChecks,
  ...demoChecks,
  ...concurrencyChecks,
  ...globalChecks,
  ...marketplaceChecks,
];

/** How the checker tells free agents from paid ones; printed with the catalogue. */
export const FREE_AGENT_RULE =
  "An agent counts as free when a start without identifier_from_purchaser succeeds and answers no " +
  "blockchainIdentifier; checks of payment fields and of the identifier are then skipped, saying so.";
