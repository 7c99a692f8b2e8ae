/**
 * The API keys and the auth middleware's answers (utils/middleware/auth-middleware of the real
 * service): the key is read from the `token` header only; Read keys may read, ReadAndPay keys may
 * also pay, Admin keys may do everything on every network; other keys are limited to networks.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { HttpError } from "./http-io.js";
import { NETWORKS, type Network } from "./model.js";
import type { ApiKeySeed } from "./seed.js";

/** What a route needs of the caller. */
export type Access = "none" | "read" | "pay" | "admin";

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

export class ApiKeys {
  private readonly keys: { key: ApiKeySeed; hash: Buffer }[];

  constructor(keys: readonly ApiKeySeed[]) {
    this.keys = keys.map((key) => ({ key, hash: sha256(key.token) }));
  }

  /** The caller's key, or the 401 the real middleware answers. */
  authenticate(sent: string | string[] | undefined, access: Exclude<Access, "none">): ApiKeySeed {
    if (typeof sent !== "string" || sent.length < 1) {
      throw new HttpError(401, "Unauthorized, no authentication token provided");
    }
    const sentHash = sha256(sent);
    const found = this.keys.find(({ hash }) => timingSafeEqual(hash, sentHash))?.key;
    if (!found) throw new HttpError(401, "Unauthorized, invalid authentication token provided");
    if (found.status !== "Active") throw new HttpError(401, "Unauthorized, API key is revoked");
    if (access === "pay" && found.permission === "Read") {
      throw new HttpError(401, "Unauthorized, payment access required");
    }
    if (access === "admin" && found.permission !== "Admin") {
      throw new HttpError(401, "Unauthorized, admin access required");
    }
    return found;
  }
}

/** The 401 for a network the key is not allowed on (checkIsAllowedNetworkOrThrowUnauthorized). */
export function checkNetworkAllowed(key: ApiKeySeed, network: unknown): void {
  const known = (NETWORKS as readonly unknown[]).includes(network);
  if (known && key.permission !== "Admin" && !key.networks.includes(network as Network)) {
    throw new HttpError(401, "Unauthorized, network not allowed");
  }
}

/** GET /api-key-status: the caller's key, its token masked to the last four characters. */
export function apiKeyStatusJson(key: ApiKeySeed) {
  const limited = key.networks.length < NETWORKS.length;
  return {
    id: key.id,
    token: `*****${key.token.slice(-4)}`,
    permission: key.permission,
    canRead: true,
    canPay: key.permission !== "Read",
    canAdmin: key.permission === "Admin",
    usageLimited: false,
    NetworkLimit: [...key.networks].sort(),
    ChainIdLimit: limited ? key.networks.map((network) => `cardano:${network.toLowerCase()}`) : [],
    RemainingUsageCredits: [],
    status: key.status,
    walletScopeEnabled: false,
    WalletScopes: [],
  };
}
