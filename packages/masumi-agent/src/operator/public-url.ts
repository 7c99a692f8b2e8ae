/**
 * The registry reaches an agent at its apiBaseUrl from the internet: a loopback or private address
 * is marked Invalid (MIP-003 section 6), and a query or fragment breaks `${apiBaseUrl}/availability`.
 */
import { isIP } from "node:net";

/** The flag that lets a loopback URL through, for development against the simulator. */
export const ALLOW_LOOPBACK_FLAG = "--allow-loopback";

function isLoopback(host: string): boolean {
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "::1" ||
    host === "0.0.0.0" ||
    (isIP(host) === 4 && host.startsWith("127."))
  );
}

function isPrivate(host: string): boolean {
  if (isIP(host) === 4) {
    const [a, b] = host.split(".").map(Number) as [number, number];
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  return isIP(host) === 6 && /^(f[cd]|fe[89ab])/i.test(host);
}

/** What stops the registry from reaching `value`, in one line with the fix; undefined: nothing. */
export function publicUrlProblem(value: string, allowLoopback: boolean): string | undefined {
  if (!URL.canParse(value)) return `"${value}" is not a URL: write it as https://your-agent.example.com`;
  const url = new URL(value);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (url.protocol !== "https:" && url.protocol !== "http:") return `${value} must be an http(s) URL`;
  if (url.search !== "" || url.hash !== "") {
    return `${value} has a query or fragment, which breaks ${"${apiBaseUrl}"}/availability: remove it`;
  }
  if (url.username !== "" || url.password !== "") return `${value} carries credentials: remove them`;
  if (isLoopback(host) && !allowLoopback) {
    return (
      `${value} is a loopback address the registry cannot reach: put the agent's public URL here ` +
      `(${ALLOW_LOOPBACK_FLAG} lets it through for development against payment-sim)`
    );
  }
  if (isPrivate(host))
    return `${value} is a private address the registry cannot reach: put the agent's public URL here`;
  return undefined;
}
