/**
 * The chain steps the recording's simulation scripts wrote into the real service's database
 * between two exchanges (fixtures README, "Responses that depend on database state set by hand"),
 * replayed through the simulator: before exchange `beforeLine`, `step` is run on the payment or
 * registration that exchange `ofLine` created. Where a step minted an agent, the identifier the
 * script chose is given, so later requests that name it find it.
 */
import type { RegistryStep, SimulationStep } from "../../../packages/masumi-agent/src/payment-sim/index.js";

export type ChainStep =
  | { beforeLine: number; ofLine: number; kind: "payment"; step: SimulationStep }
  | { beforeLine: number; ofLine: number; kind: "registry"; step: RegistryStep; agentIdentifier?: string };

const V2_POLICY = "67ab0c92c4ac1610895a1c965ee50aba41a8f1513b15240723b3bd0b";
const V1_POLICY = "7e8bdaf2b2b919a3a4b94002cafb50086c0c845fe535d07a77ab7f77";

/** The V2 registrations of registry.jsonl lines 30-33, with the asset names their mint got. */
const V2_MINTS: [number, string][] = [
  [30, "10352940d616de9c47ac86c42745758c02e94a7712dc60867fb50097d1000000"],
  [31, "1064f6d893cdb2fa3910c183a1a4502f01d7ef29aa47ffb5c7778c3c50000000"],
  [32, "1038f13365df97436b0b529fac854550f27294c1bbd3020e0217ecc996000000"],
  [33, "1006116219e382869232709cbaaef8839f16793a370aa3f10bf58209e6000000"],
];

const payment = (beforeLine: number, ofLine: number, step: SimulationStep): ChainStep => ({
  beforeLine,
  ofLine,
  kind: "payment",
  step,
});

export const CHAIN_STEPS: Record<string, ChainStep[]> = {
  "payments-v2.jsonl": [
    payment(46, 42, "lock"),
    // Locked at 20:34:57.9 (its transaction's time), so that line 48's 403 is about the key only.
    payment(48, 17, "lock"),
    payment(54, 42, "submit-initiated"),
    payment(55, 42, "result-submitted"),
    payment(57, 42, "withdrawn"),
  ],
  "payments-v1.jsonl": [
    payment(52, 51, "lock"),
    // The recorded listing of FundsLocked payments shows the first payment locked as well.
    payment(53, 1, "lock"),
    payment(57, 51, "submit-initiated"),
    payment(58, 51, "result-submitted"),
    payment(59, 51, "withdrawn"),
  ],
  "errors.jsonl": [],
  "registry.jsonl": [
    ...V2_MINTS.map(([ofLine, assetName]): ChainStep => ({
      beforeLine: 36,
      ofLine,
      kind: "registry",
      step: "registration-initiated",
      agentIdentifier: V2_POLICY + assetName,
    })),
    ...V2_MINTS.map(([ofLine]): ChainStep => ({
      beforeLine: 37,
      ofLine,
      kind: "registry",
      step: "registration-confirmed",
    })),
    {
      beforeLine: 90,
      ofLine: 86,
      kind: "registry",
      step: "registration-initiated",
      agentIdentifier: `${V1_POLICY}a706f1e337647a6f636a5a6e04f7e86bf135cbc64002c0eca0a6faf212d49e4a`,
    },
    { beforeLine: 90, ofLine: 86, kind: "registry", step: "registration-confirmed" },
    {
      beforeLine: 90,
      ofLine: 88,
      kind: "registry",
      step: "registration-initiated",
      agentIdentifier: `${V1_POLICY}b73a4792d5e2d5ab604117b1005e740dd51c70ebae1bc60fbb57a3f5bd9113f2`,
    },
    { beforeLine: 90, ofLine: 88, kind: "registry", step: "registration-confirmed" },
    { beforeLine: 90, ofLine: 87, kind: "registry", step: "registration-failed" },
    { beforeLine: 147, ofLine: 32, kind: "registry", step: "deregistration-initiated" },
    { beforeLine: 148, ofLine: 32, kind: "registry", step: "deregistration-confirmed" },
  ],
};
