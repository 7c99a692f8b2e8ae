/** The payment sources this node runs and the agents registered through them (their NFTs). */
import type { AgentRecord, Network, PaymentSourceRecord } from "./model.js";

export class Catalog {
  constructor(
    readonly sources: readonly PaymentSourceRecord[],
    private readonly agents: readonly AgentRecord[],
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
    return this.agents.find((agent) => agent.network === network && agent.agentIdentifier === agentIdentifier);
  }

  sourceById(id: string): PaymentSourceRecord | undefined {
    return this.sources.find((source) => source.id === id);
  }
}
