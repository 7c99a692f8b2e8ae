import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { idEntropy } from "../../src/conformance/id-entropy.js";

const three = (make: () => string) => [make(), make(), make()];

describe("idEntropy", () => {
  it("credits v4 UUIDs with their 122 random bits", () => {
    expect(idEntropy(three(randomUUID)).bits).toBe(122);
  });

  it("credits time-ordered v7 UUIDs with only their 74 random bits", () => {
    const v7 = ["0192f3a1-7b2c-7d3e-8f40-1a2b3c4d5e6f", "0192f3a1-7b2d-7a11-9b22-2c3d4e5f6a7b", "0192f3a1-7b2e-7c33-a044-3d4e5f6a7b8c"];
    expect(idEntropy(v7)).toEqual({ bits: 74, reason: "UUIDs of version 7" });
  });

  it("counts hex and base64url strings by length and alphabet", () => {
    expect(idEntropy(three(() => randomBytes(16).toString("hex"))).bits).toBe(128);
    expect(idEntropy(three(() => randomBytes(8).toString("hex"))).bits).toBe(64);
    expect(idEntropy(three(() => randomBytes(18).toString("base64url"))).bits).toBe(144);
  });

  it("does not count a shared prefix such as a counter's name or a timestamp", () => {
    expect(idEntropy(["job-1", "job-2", "job-3"])).toEqual({ bits: 3, reason: "1 decimal digits after a shared start of 4 characters" });
    const ulids = ["01JDQ8X4ZK3M9V7N2B5C8D1E4F", "01JDQ8X4ZKQ1W6E3R8T2Y5U9I0", "01JDQ8X4ZMA7S4D1F9G6H3J2K5"];
    expect(idEntropy(ulids).bits).toBeLessThan(122);
  });
});
