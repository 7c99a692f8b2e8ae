/**
 * Writes a registration into the project's .env: AGENT_IDENTIFIER, and for a V2 source the type
 * and PAYMENT_SOURCE_INDEX the agent's payments use; every other line stays as it was.
 */
import { writeEnvFile } from "../payment-sim/env-file.ts";
import type { PaymentSourceType } from "../payment/masumi/payment-service.ts";
import { REGISTERED_SOURCE_INDEX } from "./registration-body.ts";

const REGISTRATION_ENV_NAMES = ["AGENT_IDENTIFIER", "PAYMENT_SOURCE_TYPE", "PAYMENT_SOURCE_INDEX"];

export async function writeRegistrationEnv(
  envFile: string,
  agentIdentifier: string,
  sourceType: PaymentSourceType,
): Promise<void> {
  await writeEnvFile(
    envFile,
    {
      AGENT_IDENTIFIER: agentIdentifier,
      PAYMENT_SOURCE_TYPE: sourceType,
      // V1 payments must not send an index: its line goes.
      PAYMENT_SOURCE_INDEX: sourceType === "Web3CardanoV2" ? String(REGISTERED_SOURCE_INDEX) : undefined,
    },
    REGISTRATION_ENV_NAMES,
  );
}
