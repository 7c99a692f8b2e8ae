/**
 * The seller the simulator plays: one API key, one registered agent with a fixed price, and per
 * network a payment source (the smart contract) and a selling wallet. Everything is derived from
 * the agent identifier, so the values an agent sees stay the same from one run to the next.
 */
import { bech32Like, derivedId, sha256Hex } from "./identifiers.js";
import { NETWORKS, type Amount, type Network } from "./model.js";

/** A valid-looking agent identifier: a 56-hex policy id followed by the hex of the asset name. */
export const DEFAULT_AGENT_IDENTIFIER =
  sha256Hex("create-masumi-agent payment-sim registry policy").slice(0, 56) +
  Buffer.from("simulated-agent", "utf8").toString("hex");

/** 10 ADA, in lovelace (the unit "" is lovelace). */
const PRICE: Amount[] = [{ amount: "10000000", unit: "" }];

export interface SellerSource {
  paymentSource: {
    id: string;
    network: Network;
    paymentSourceType: "Web3CardanoV1";
    smartContractAddress: string;
    policyId: string;
  };
  wallet: { id: string; walletVkey: string; walletAddress: string };
}

export interface SellerProfile {
  apiKeyId: string;
  price: readonly Amount[];
  sources: Record<Network, SellerSource>;
}

function sellerSource(agentIdentifier: string, network: Network): SellerSource {
  const seed = `${agentIdentifier}/${network}`;
  const addressPrefix = network === "Mainnet" ? "addr1" : "addr_test1";
  return {
    paymentSource: {
      id: derivedId(`${seed}/payment-source`),
      network,
      paymentSourceType: "Web3CardanoV1",
      smartContractAddress: bech32Like(`${addressPrefix}w`, `${seed}/contract`, 52),
      policyId: agentIdentifier.slice(0, 56),
    },
    wallet: {
      id: derivedId(`${seed}/wallet`),
      walletVkey: sha256Hex(`${seed}/vkey`).slice(0, 56),
      walletAddress: bech32Like(`${addressPrefix}q`, `${seed}/wallet`, 98),
    },
  };
}

export function createSellerProfile(agentIdentifier: string): SellerProfile {
  const sources = Object.fromEntries(NETWORKS.map((network) => [network, sellerSource(agentIdentifier, network)]));
  return {
    apiKeyId: derivedId(`${agentIdentifier}/api-key`),
    price: PRICE,
    sources: sources as Record<Network, SellerSource>,
  };
}
