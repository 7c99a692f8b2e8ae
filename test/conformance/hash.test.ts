import { describe, expect, it } from "vitest";
import { inputHash, resultHash } from "../../packages/masumi-agent/src/check/hash.js";

/** The test vectors of the spec, section 4 (computed with two independent RFC 8785 libraries). */
describe("MIP-004 hashes", () => {
  it.each([
    [
      "a1b2c3d4e5f60718",
      { text: "Hello, Masumi!" },
      "13a480f7d82a58f904c51b93f7c43eef3c1a7284a496535f93f8cc434d065264",
    ],
    [
      "0123456789abcdef01",
      { z: 1, a: [3, 2, 1], m: { b: true, a: null }, s: 'é✓ "quoted"' },
      "15c53bea368f1075ff7e5db868c4c4e3d651f652f47d6bd1afa61b4ef7164ff5",
    ],
    [
      "deadbeefcafe0011",
      { num: 1.5e-7, big: 1e21, int: 10, neg: -0, f: 0.1 },
      "5345d047546240d02ac213f63999e8952eaa87085497dd5e9cc8377a49f29587",
    ],
    ["ffffffffffffff", {}, "0c417a89a045fb87e97aac7954df7eb76a7fbed0956e63f42bb356fd9a51df36"],
  ])("input_hash for %s", (identifier, inputData, expected) => {
    expect(inputHash(identifier, inputData)).toBe(expected);
  });

  it.each([
    ["a1b2c3d4e5f60718", "HELLO, MASUMI!", "803a38a060a527a17491cf8b2f33d79f14a91cf53560d0c94a45bd4b09f85b26"],
    [
      "0123456789abcdef01",
      'line1\nline2 "q" \\ tab\t é',
      "07ec7ceb38ca2b94c9f65ffbe054f38d5c35ee86d31da5a1edea96010f5a7ed0",
    ],
  ])("result hash for %s", (identifier, result, expected) => {
    expect(resultHash(identifier, result)).toBe(expected);
  });

  it("refuses input that has no JSON form", () => {
    expect(() => inputHash("ab", undefined)).toThrow(TypeError);
  });
});
