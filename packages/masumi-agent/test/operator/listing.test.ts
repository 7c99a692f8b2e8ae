import { describe, expect, it } from "vitest";
import { parseJsonc } from "../../src/operator/jsonc.ts";
import { readListing, readListingFile } from "../../src/operator/listing.ts";
import { Refusal } from "../../src/operator/refusal.ts";
import { listingOf } from "./helpers.ts";

describe("the listing file", () => {
  it("reads JSON with line and block comments and trailing commas, leaving strings alone", () => {
    const text = `{
      // a comment, with "quotes"
      "url": "https://example.com/a//b", /* block, } */
      "note": "not // a comment, nor /* this */",
      "list": [1, 2, /* last */ ],
    }`;
    expect(parseJsonc(text)).toEqual({
      url: "https://example.com/a//b",
      note: "not // a comment, nor /* this */",
      list: [1, 2],
    });
  });

  it("names every missing or too long value, with the limit", () => {
    const { name: _name, ...nameless } = listingOf("https://agent.example.com");
    const error = (() => {
      try {
        readListing(
          {
            ...nameless,
            description: "d".repeat(251),
            exampleOutputs: [{ name: "n".repeat(61), url: "https://x", mimeType: "text/plain" }],
          },
          "listing.jsonc",
        );
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(Refusal);
    expect((error as Refusal).lines).toEqual([
      "listing.jsonc: name is missing: write it as a non-empty string",
      "listing.jsonc: description has 251 characters; the registry takes at most 250: shorten it",
      "listing.jsonc: exampleOutputs[0].name has 61 characters; the registry takes at most 60: shorten it",
    ]);
  });

  it("refuses more than 15 tags and no tags", () => {
    const lines = (tags: string[]) => {
      try {
        readListing({ ...listingOf("https://agent.example.com"), tags });
        return [];
      } catch (error) {
        return (error as Refusal).lines;
      }
    };
    expect(lines([])).toEqual([expect.stringMatching(/tags is empty: give at least 1 tags/)]);
    expect(lines(Array.from({ length: 16 }, (_, index) => `t${index}`))).toEqual([
      expect.stringMatching(/tags has 16 tags; the registry takes at most 15/),
    ]);
  });

  it("says where a missing file was looked for", async () => {
    await expect(readListingFile("/nonexistent/masumi.listing.jsonc")).rejects.toThrow(
      /masumi\.listing\.jsonc not found: run this in the agent's project, or name the listing file with --listing/,
    );
  });
});
