/**
 * Prices the marketplace can sell (MIP-003 section 6): Sokosumi sells in USDM (tUSDM on Preprod);
 * lovelace (ADA) is taken by the registry too. Anything else is refused before registering, with
 * the spelling that would work.
 */
import type { Network } from "../payment/masumi/payment-service.ts";
import type { Price } from "./listing.ts";

const USDM = "c48cbb3d5e57ed56e276bc45f99ab39abe94e6cd7ac39fb402da47ad0014df105553444d";
const TUSDM = "16a55b2a349361ff88c03788f93e1e966e5d689605d044fef722ddde0014df10745553444d";

/** The stablecoin of each network, by name and asset id (policy id + asset name). */
const STABLECOIN: Record<Network, { name: string; asset: string }> = {
  Mainnet: { name: "USDM", asset: USDM },
  Preprod: { name: "tUSDM", asset: TUSDM },
};

/** The unit as the registry takes it: an asset id, or "lovelace". */
export function registryUnit(unit: string, network: Network): string {
  return unit === STABLECOIN[network].name ? STABLECOIN[network].asset : unit;
}

function unitProblem(unit: string, network: Network): string | undefined {
  const { name, asset } = STABLECOIN[network];
  if (unit === "lovelace" || unit === name || unit.toLowerCase() === asset) return undefined;
  const other = network === "Mainnet" ? STABLECOIN.Preprod : STABLECOIN.Mainnet;
  if (unit === other.name || unit.toLowerCase() === other.asset) {
    return `${unit} is the stablecoin of the other network; on ${network} write "${name}"`;
  }
  if (/^(ada|lovelace|lovelaces)$/i.test(unit) || unit === "") {
    return `"${unit}" is not a unit the registry takes: write "lovelace" and the amount in lovelace (1 ADA = 1000000)`;
  }
  if (/^t?usdm$/i.test(unit)) return `write the stablecoin exactly "${name}" on ${network}`;
  return `the marketplace sells in "${name}" or "lovelace" on ${network}, not "${unit}"`;
}

/** One line per price of `prices` the marketplace could not sell on `network`. */
export function pricingProblems(prices: Price[] | undefined, network: Network, file: string): string[] {
  if (!prices || prices.length === 0) {
    return [
      `${file}: pricing.${network} is missing: give the price of a job on ${network}, e.g. [{ "unit": "${STABLECOIN[network].name}", "amount": "1000000" }]`,
    ];
  }
  return prices.flatMap((price, index) => {
    const where = `${file}: pricing.${network}[${index}]`;
    const problems: string[] = [];
    const unit = unitProblem(price.unit, network);
    if (unit) problems.push(`${where}: ${unit}`);
    if (!/^\d+$/.test(price.amount) || BigInt(price.amount) < 1n) {
      problems.push(
        `${where}: amount "${price.amount}" must be a whole number of the smallest unit, at least 1 (1 ${STABLECOIN[network].name} = 1000000)`,
      );
    }
    return problems;
  });
}
