/**
 * The payment sources this node runs and the agents that exist on chain: those seeded as already
 * registered, and those the registry has minted since.
 */
import type { AgentRecord, Network, PaymentSourceRecord } from "./model.js";
import { agentOf, type Registry } from "./registry.js";

export class Catalog {
  constructor(
    readonly sources: readonly PaymentSourceRecord[],
    private readonly agents: readonly AgentRecord[],
    private readonly registry: Registry,
  ) {}

  /** The source whose registry policy minted this agent identifier (its first 56 hex). */
  sourceOfAgent(network: Network, agentIdentifier: string): PaymentSourceRecord | undefined {
    const policyId = agentIdentifier.slice(0, 56);
    return this.sources.find((source) => source.network === network && source.policyId === policyId);
  }

  sourceAt(network: Network, address: string): PaymentSourceRecord | undefined {
    return this.sources.find((source) => source.network === network && source.smartContractAddress === address);
  }

  agent(network: Network, agentIdentifier: string): AgentRecord | undefined {
    const registered = this.registry.byAgentIdentifier(network, agentIdentifier);
    if (registered) return agentOf(registered);
    return this.agents.find((agent) => agent.network === network && agent.agentIdentifier === agentIdentifier);
  }

  /** The source whose selling wallet has this vkey: it decides whether a registration is V1 or V2. */
  sourceWithSellingWallet(network: Network, walletVkey: string): PaymentSourceRecord | undefined {
    return this.sources.find((source) => source.network === network && source.sellingWallet.walletVkey === walletVkey);
  }

  sourceById(id: string): PaymentSourceRecord | undefined {
    return this.sources.find((source) => source.id === id);
  }
}
