import { describe, expect, it } from "vitest";
import { canonicalJson, inputHash, resultHash } from "../src/jobs/hash.ts";

// The test vectors of MIP-004 as the Masumi marketplace computes them.
describe("inputHash", () => {
  it.each([
    {
      identifier: "a1b2c3d4e5f60718",
      input: { text: "Hello, Masumi!" },
      hash: "13a480f7d82a58f904c51b93f7c43eef3c1a7284a496535f93f8cc434d065264",
    },
    {
      identifier: "0123456789abcdef01",
      input: { z: 1, a: [3, 2, 1], m: { b: true, a: null }, s: 'é✓ "quoted"' },
      hash: "15c53bea368f1075ff7e5db868c4c4e3d651f652f47d6bd1afa61b4ef7164ff5",
    },
    {
      identifier: "deadbeefcafe0011",
      input: { num: 1.5e-7, big: 1e21, int: 10, neg: -0, f: 0.1 },
      hash: "5345d047546240d02ac213f63999e8952eaa87085497dd5e9cc8377a49f29587",
    },
    {
      identifier: "ffffffffffffff",
      input: {},
      hash: "0c417a89a045fb87e97aac7954df7eb76a7fbed0956e63f42bb356fd9a51df36",
    },
  ])("hashes $identifier with canonical JSON", ({ identifier, input, hash }) => {
    expect(inputHash(identifier, input)).toBe(hash);
  });

  it("leaves out undefined members, the first and the last too, as JSON does", () => {
    expect(
      canonicalJson({ a: undefined, b: 1, c: undefined, d: [undefined, 2], e: undefined }),
    ).toBe('{"b":1,"d":[null,2]}');
    expect(canonicalJson({ only: undefined })).toBe("{}");
  });

  it("does not depend on the order of keys", () => {
    expect(inputHash("a1b2c3d4e5f60718", { b: 1, a: 2 })).toBe(
      inputHash("a1b2c3d4e5f60718", { a: 2, b: 1 }),
    );
  });
});

describe("resultHash", () => {
  it.each([
    {
      identifier: "a1b2c3d4e5f60718",
      result: "HELLO, MASUMI!",
      hash: "803a38a060a527a17491cf8b2f33d79f14a91cf53560d0c94a45bd4b09f85b26",
    },
    {
      identifier: "0123456789abcdef01",
      result: 'line1\nline2 "q" \\ tab\t é',
      hash: "07ec7ceb38ca2b94c9f65ffbe054f38d5c35ee86d31da5a1edea96010f5a7ed0",
    },
  ])("hashes the JSON-escaped result for $identifier", ({ identifier, result, hash }) => {
    expect(resultHash(identifier, result)).toBe(hash);
  });
});
