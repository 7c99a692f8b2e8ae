import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** Signs the input hashes that /provide_input answers with, using the agent's Ed25519 key. */
export interface Signer {
  /** The raw 32-byte public key, hex: what a buyer needs to verify signatures. */
  readonly publicKey: string;
  /** The Ed25519 signature of the text's UTF-8 bytes, hex. */
  sign(text: string): string;
}

// DER headers that wrap a raw 32-byte Ed25519 key as PKCS#8 (private) or SPKI (public).
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export interface SignerSource {
  /** 64 hex characters: the 32-byte private key (AGENT_SIGNING_KEY). */
  privateKey: string | undefined;
  /** Used when no key is given: read, or created on first start so the key stays the same. */
  keyFile: string;
}

export async function loadSigner(
  source: SignerSource,
): Promise<{ signer: Signer; created: boolean }> {
  if (source.privateKey) {
    const der = Buffer.concat([PKCS8_PREFIX, Buffer.from(source.privateKey, "hex")]);
    return {
      signer: signerFor(createPrivateKey({ key: der, format: "der", type: "pkcs8" })),
      created: false,
    };
  }
  try {
    return {
      signer: signerFor(createPrivateKey(await readFile(source.keyFile, "utf8"))),
      created: false,
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const { privateKey } = generateKeyPairSync("ed25519");
  await mkdir(dirname(source.keyFile), { recursive: true });
  const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  try {
    // "wx": never overwrite a key that another process wrote in the meantime; 0600: owner only.
    await writeFile(source.keyFile, pem, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return loadSigner(source);
    throw error;
  }
  return { signer: signerFor(privateKey), created: true };
}

function signerFor(privateKey: KeyObject): Signer {
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  return {
    publicKey: spki.subarray(SPKI_PREFIX.length).toString("hex"),
    sign: (text) => sign(null, Buffer.from(text, "utf8"), privateKey).toString("hex"),
  };
}

/** Checks a signature as a buyer would, from the hex public key. */
export function verifySignature(publicKey: string, text: string, signature: string): boolean {
  const der = Buffer.concat([SPKI_PREFIX, Buffer.from(publicKey, "hex")]);
  const key = createPublicKey({ key: der, format: "der", type: "spki" });
  return verify(null, Buffer.from(text, "utf8"), key, Buffer.from(signature, "hex"));
}
