/**
 * The providers' header checks. OpenAI: `Authorization: Bearer <key>`. Anthropic: `x-api-key` (or
 * `Authorization: Bearer`) and `anthropic-version`. A key must be present either way; its value is checked only when the
 * simulator was given one. Messages follow the real services' (never echoing the key).
 */
import type { IncomingHttpHeaders } from "node:http";
import { ProviderError } from "./errors.ts";
import type { ModelProvider } from "./types.ts";

const OPENAI_NO_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function bearerOf(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(single(headers.authorization) ?? "")?.[1]?.trim();
}

function checkOpenai(headers: IncomingHttpHeaders, apiKey: string | undefined): void {
  const bearer = bearerOf(headers);
  if (!bearer) throw new ProviderError(401, OPENAI_NO_KEY, { code: null });
  if (apiKey !== undefined && bearer !== apiKey)
    throw new ProviderError(
      401,
      "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
      { code: "invalid_api_key" },
    );
}

function checkAnthropic(headers: IncomingHttpHeaders, apiKey: string | undefined): void {
  // Anthropic's SDKs from 1.x send the key as `Authorization: Bearer`; earlier ones as x-api-key.
  const key = single(headers["x-api-key"]) || bearerOf(headers);
  if (!key) throw new ProviderError(401, "x-api-key header is required");
  if (apiKey !== undefined && key !== apiKey) throw new ProviderError(401, "invalid x-api-key");
  if (!single(headers["anthropic-version"])) throw new ProviderError(400, "anthropic-version: header is required");
}

/** Throws the provider's 401 (or Anthropic's 400 for a missing version) when the headers do not pass. */
export function checkHeaders(provider: ModelProvider, headers: IncomingHttpHeaders, apiKey: string | undefined): void {
  if (provider === "anthropic") checkAnthropic(headers, apiKey);
  else checkOpenai(headers, apiKey);
}

const CREDENTIAL_HEADERS = new Set(["authorization", "x-api-key", "api-key", "cookie", "proxy-authorization"]);

/** The headers as recorded: one value each, credentials left out. */
export function recordedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !CREDENTIAL_HEADERS.has(name))
      kept[name] = Array.isArray(value) ? value.join(", ") : value;
  return kept;
}
