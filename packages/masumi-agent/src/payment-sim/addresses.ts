/**
 * Cardano address checks as far as the simulator needs them: the bech32 prefix names the network
 * (`addr` mainnet, `addr_test` testnets), and the first data character carries the header's
 * address type, which says whether the payment part is a key or a script. The checksum is not
 * verified.
 */
import type { Network } from "./model.js";

const BECH32_DATA = /^[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{50,}$/;

export function isAddressOf(network: Network, address: string): boolean {
  const prefix = network === "Mainnet" ? "addr1" : "addr_test1";
  return address.startsWith(prefix) && BECH32_DATA.test(address.slice(prefix.length));
}

/** Base (types 0, 2) and enterprise (type 6) addresses whose payment credential is a key. */
export function hasKeyPaymentCredential(address: string): boolean {
  const data = address.slice(address.indexOf("1") + 1);
  return ["q", "y", "v"].includes(data[0] ?? "");
}
