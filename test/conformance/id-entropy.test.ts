import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { idEntropy } from "../../packages/masumi-agent/src/check/id-entropy.js";

const three = (make: () => string) => [make(), make(), make()];

describe("idEntropy", () => {
  it("credits v4 UUIDs with their 122 random bits", () => {
    expect(idEntropy(three(randomUUID)).bits).toBe(122);
  });

  it("credits time-ordered v7 UUIDs with only their 74 random bits", () => {
    const v7 = [
      "0192f3a1-7b2c-7d3e-8f40-1a2b3c4d5e6f",
      "0192f3a1-7b2d-7a11-9b22-2c3d4e5f6a7b",
      "0192f3a1-7b2e-7c33-a044-3d4e5f6a7b8c",
    ];
    expect(idEntropy(v7)).toEqual({ bits: 74, reason: "UUIDs of version 7" });
  });

  // Fixed ids, not random ones: three random base64url ids all lack "-" and "_" 9.6% of the time.
  it("counts hex and base64url strings by length and alphabet", () => {
    const hex32 = [
      "3f9c2a7e5b1d4c8f9a0e6b2d7c4f1a3e",
      "a81e4d0c9b7f3a2e6d5c1b8a4f0e9d7c",
      "5c7a9e1b3d0f8c6a2e4b9d7f1a3c5e8b",
    ];
    expect(idEntropy(hex32)).toEqual({ bits: 128, reason: "32 hex digits" });
    expect(idEntropy(hex32.map((id) => id.slice(0, 16))).bits).toBe(64);
    const base64url = ["Zk3-q9XwL2mB7vR_tY8nHc4a", "p0Q_aZ7rT2kWx9Lm-B4vNs6C", "Hc8nY1t-Rv5bMq3X_wZ0kLp2"];
    expect(idEntropy(base64url)).toEqual({
      bits: 144,
      reason: "24 base64url characters",
    });
    // The same ids without "-" and "_" look like letters and digits: fewer bits per character.
    expect(idEntropy(base64url.map((id) => id.replace(/[-_]/g, "a"))).bits).toBe(142);
  });

  it("does not count a shared prefix such as a counter's name or a timestamp", () => {
    expect(idEntropy(["job-1", "job-2", "job-3"])).toEqual({
      bits: 3,
      reason: "1 decimal digits after a shared start of 4 characters",
    });
    const ulids = ["01JDQ8X4ZK3M9V7N2B5C8D1E4F", "01JDQ8X4ZKQ1W6E3R8T2Y5U9I0", "01JDQ8X4ZMA7S4D1F9G6H3J2K5"];
    expect(idEntropy(ulids).bits).toBeLessThan(122);
  });
});
