import { describe, expect, it } from "vitest";
import { randomHex } from "../src/random-hex.ts";

describe("randomHex", () => {
  it("gives hex of the length asked, a new value each time, across pool refills", () => {
    const values = Array.from({ length: 300 }, () => randomHex(48));
    for (const value of values) expect(value).toMatch(/^[0-9a-f]{96}$/);
    expect(new Set(values).size).toBe(values.length);
    expect(randomHex(5000)).toMatch(/^[0-9a-f]{10000}$/);
    expect(randomHex(8)).toMatch(/^[0-9a-f]{16}$/);
  });
});
