/**
 * What the recorded service held before payments-v2.jsonl (the first file of the run) started:
 * its API keys (one per right, plus a revoked one), the V1 source of the earlier recording run and
 * the V2 source, their selling and purchasing wallets, the registered agents with their prices,
 * and the ten payments of the earlier run. Values are copied from the recorded answers; the
 * tokens are made up, ending in the four characters the recorded api-key-status shows.
 */
import type { AgentRecord, PaymentSourceRecord, SimulatorSeed } from "../../../packages/masumi-agent/src/payment-sim/index.js";
import type { PaymentJson, RegistrationSeed, RegistryEntryJson } from "../../../packages/masumi-agent/src/payment-sim/index.js";
import { readRecording } from "./recording.js";

export const TOKENS = {
  admin: "replay-admin-token-0001",
  pay: "replay-pay-token-g7ef",
  read: "replay-read-token-oz9y",
  revoked: "replay-revoked-token",
  bad: "replay-token-nobody-has",
} as const;

const ADMIN_KEY_ID = "cmx549d4n0000ym7d3r7isi2t";

const ADMIN_WALLETS = [
  "addr_test1qr7pdg0u7vy6a5p7cx9my9m0t63f4n48pwmez30t4laguawge7xugp6m5qgr6nnp6wazurtagjva8l9fc3a5a4scx0rq2ymhl3",
  "addr_test1qplhs9snd92fmr3tzw87uujvn7nqd4ss0fn8yz7mf3y2mf3a3806uqngr7hvksqvtkmetcjcluu6xeguagwyaxevdhmsuycl5a",
  "addr_test1qzy7a702snswullyjg06j04jsulldc6yw0m4r4w49jm44f30pgqg0ez34lrdj7dy7ndp2lgv8e35e6jzazun8gekdlsq99mm6w",
];

const V1_SOURCE: PaymentSourceRecord = {
  id: "cmx549gu50005ym7dhle1vh0z",
  createdAt: new Date("2026-12-01T19:55:18.261Z"),
  network: "Preprod",
  paymentSourceType: "Web3CardanoV1",
  smartContractAddress: "addr_test1wz7j4kmg2cs7yf92uat3ed4a3u97kr7axxr4avaz0lhwdsqukgwfm",
  policyId: "7e8bdaf2b2b919a3a4b94002cafb50086c0c845fe535d07a77ab7f77",
  cooldownTime: 420_000,
  sellingWallet: {
    id: "cmx549guv000aym7dcnxnugas",
    walletVkey: "7d2593b252685c5e50dbe8fa947651cc31e8a74d24610735b7d5ae2c",
    walletAddress:
      "addr_test1qp7jtyaj2f59chjsm05049rk28xrr698f5jxzpe4kl26utqecs6zv6tu7zvn4vher3g2wcf205lczg0ys3zp5fylasjqu0fuq6",
    collectionAddress: null,
    note: "Created by seeding",
  },
  purchasingWallet: {
    id: "cmx549guv0009ym7d9ak9735d",
    walletVkey: "29955b90b94a0064362aff973815e8b9c230f99f8114872d4fe4f187",
    walletAddress:
      "addr_test1qq5e2kush99qqepk9tlewwq4azuuyv8en7q3fpedflj0rp7damfuvku6mdkacg497nqgqj4n5mcugewl94m6zns2wl3sf2vsk4",
    collectionAddress: null,
    note: "Created by seeding",
  },
  administration: {
    requiredAdminSignatures: null,
    AdminWallets: ADMIN_WALLETS.map((walletAddress, index) => ({ walletAddress, order: index + 1 })),
    feeReceiverAddress:
      "addr_test1qqfuahzn3rpnlah2ctcdjxdfl4230ygdar00qxc32guetexyg7nun6hggw9g2gpnayzf22sksr0aqdgkdcvqpc2stwtqt4u496",
    feeRatePermille: 50,
  },
};

const V2_COLLECTION_ADDRESS =
  "addr_test1qpjet5kpjgqhd87rl25sdvshu9ezvr8dqdpmc0fyshpak0jfvdfe4rwcy43md25ar6zwq67uz8feq75a4zt8prd50fgsn5jffz";

const V2_SOURCE: PaymentSourceRecord = {
  id: "cmx55iwxy0003tr7dynyth4hm",
  createdAt: new Date("2026-12-01T20:30:38.660Z"),
  network: "Preprod",
  paymentSourceType: "Web3CardanoV2",
  smartContractAddress: "addr_test1wzs4e6wc95hkwezlccjw9mdvq0r0rsgx6zk34avptga3ftgn37w4g",
  policyId: "67ab0c92c4ac1610895a1c965ee50aba41a8f1513b15240723b3bd0b",
  cooldownTime: 420_000,
  sellingWallet: {
    id: "cmx55iwy10008tr7d3jsfii96",
    walletVkey: "4e216bba3b1878c530494e7f3f700bbf5701976436cf498ceda786eb",
    walletAddress:
      "addr_test1qp8zz6a68vv833fsf98870mspwl4wqvhvsmv7jvvakncd6mmpmxhu3k3hx5sjdf2nx7chwr44euc925gxxdpaavlcyzs8vkk0u",
    collectionAddress: null,
    note: "V2 selling (offline)",
  },
  purchasingWallet: {
    id: "cmx55iwy10007tr7d58j66apm",
    walletVkey: "a28cbd716f048a5f1a4cf1336dd32d25ecbfadae0870d152a8450142",
    walletAddress:
      "addr_test1qz3ge0t3duzg5hc6fncnxmwn95j7e0ad4cy8p52j4pzszsnhgtzx89wmvhc9s09fztz60sj8z69vehj5c8fz5eme5a0s9j35df",
    collectionAddress: V2_COLLECTION_ADDRESS,
    note: "V2 purchasing (offline)",
  },
  administration: {
    requiredAdminSignatures: 2,
    AdminWallets: ADMIN_WALLETS.map((walletAddress, order) => ({ walletAddress, order })),
    feeReceiverAddress: null,
    feeRatePermille: 0,
  },
};

const ADA = (lovelace: string) => [{ amount: lovelace, unit: "" }];

const AGENTS: AgentRecord[] = [
  {
    agentIdentifier:
      "7e8bdaf2b2b919a3a4b94002cafb50086c0c845fe535d07a77ab7f772e9f86a240a6bb3aa8d1e6b4a1dd34032bc4cd4645e377abdcf4cdec638e577b",
    network: "Preprod",
    name: "Offline Test Agent",
    pricing: { pricingType: "Fixed", amounts: ADA("5000000") },
    supportedPaymentSources: null,
  },
  {
    agentIdentifier:
      "67ab0c92c4ac1610895a1c965ee50aba41a8f1513b15240723b3bd0b10352940d616de9c47ac86c42745758c02e94a7712dc60867fb50097d1000000",
    network: "Preprod",
    name: "Offline V2 Agent",
    pricing: null,
    supportedPaymentSources: [
      { address: V2_SOURCE.smartContractAddress, pricing: { pricingType: "Fixed", amounts: ADA("2000000") } },
    ],
  },
  {
    agentIdentifier:
      "67ab0c92c4ac1610895a1c965ee50aba41a8f1513b15240723b3bd0b1064f6d893cdb2fa3910c183a1a4502f01d7ef29aa47ffb5c7778c3c50000000",
    network: "Preprod",
    name: "Offline V2 Multi-Source Agent",
    pricing: null,
    supportedPaymentSources: [
      { address: V2_SOURCE.smartContractAddress, pricing: { pricingType: "Fixed", amounts: ADA("3000000") } },
      { address: V2_SOURCE.smartContractAddress, pricing: { pricingType: "Dynamic" } },
      { address: V2_SOURCE.smartContractAddress, pricing: { pricingType: "Free" } },
      // A V2-typed option at the V1 contract's address, which no V2 source of this node runs.
      {
        address: V1_SOURCE.smartContractAddress,
        pricing: { pricingType: "Fixed", amounts: [{ amount: "1000000", unit: "lovelace" }] },
      },
    ],
  },
];

/** Every payment the earliest full listing shows that is older than the recorded run (20:30). */
function earlierRunPayments(): PaymentJson[] {
  const listing = readRecording("payments-v2.jsonl").find(
    (exchange) => exchange.name === "GET payment default list (no type filter) -> V1 only",
  );
  const payments = (listing?.response.body.data.Payments ?? []) as PaymentJson[];
  return payments.filter((payment) => payment.createdAt < "2026-12-01T20:30:00.000Z");
}

/** The registrations of the earlier run, as the registry file's full listing shows them. */
function earlierRunRegistrations(): RegistrationSeed[] {
  const listing = readRecording("registry.jsonl").find(
    (exchange) => exchange.name === "GET registry default list (no type filter) -> V1 entries only",
  );
  const entries = (listing?.response.body.data.Assets ?? []) as RegistryEntryJson[];
  return entries
    .filter((entry) => entry.createdAt < "2026-12-01T20:30:00.000Z")
    .map((entry) => ({ entry, network: "Preprod", requestedById: ADMIN_KEY_ID }));
}

/**
 * What the service held before registry.jsonl started: the same keys and sources, and the
 * registrations of the earlier run (its agents are the ones those registrations minted).
 */
export function recordedRegistrySeed(): SimulatorSeed {
  return { ...recordedSeed(), agents: [], payments: [], registrations: earlierRunRegistrations() };
}

export function recordedSeed(): SimulatorSeed {
  return {
    apiKeys: [
      {
        id: "cmx549d4n0000ym7d3r7isi2t",
        token: TOKENS.admin,
        permission: "Admin",
        networks: ["Mainnet", "Preprod"],
        status: "Active",
      },
      {
        id: "cmx54hgmy000g1l7dtrhq7skh",
        token: TOKENS.pay,
        permission: "ReadAndPay",
        networks: ["Preprod"],
        status: "Active",
      },
      {
        id: "cmx54hfym000f1l7dwk1oneny",
        token: TOKENS.read,
        permission: "Read",
        networks: ["Preprod"],
        status: "Active",
      },
      {
        id: "cmx54revoked000000000000",
        token: TOKENS.revoked,
        permission: "Read",
        networks: ["Preprod"],
        status: "Revoked",
      },
    ],
    paymentSources: [V1_SOURCE, V2_SOURCE],
    agents: AGENTS,
    payments: earlierRunPayments(),
  };
}
