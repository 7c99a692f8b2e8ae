/**
 * The tool of the research agent: reads a web page as plain text, for the model. It reads any
 * http(s) address the buyer approves, this machine's network included: run the agent where that
 * is harmless, or refuse such addresses here.
 */

/** How much of a page the model gets: enough to answer from, little enough for its context. */
const MAX_CHARACTERS = 12_000;

export async function readPage(url: string, signal: AbortSignal): Promise<string> {
  let address: URL;
  try {
    address = new URL(url);
  } catch {
    return `"${url}" is not a web address.`;
  }
  if (address.protocol !== "http:" && address.protocol !== "https:") {
    return `Only http and https pages can be read, not ${address.protocol} ones.`;
  }
  // An unreachable page is something to tell the model, not a reason to fail the job; an
  // aborted job (timeout, shutdown) is.
  let response: Response;
  try {
    response = await fetch(address, { signal, headers: { accept: "text/html, text/plain;q=0.9" } });
  } catch (error) {
    if (signal.aborted) throw error;
    return `The page could not be reached: ${(error as Error).message}`;
  }
  if (!response.ok) return `The page answered ${response.status} ${response.statusText}.`;
  const text = plainText(await response.text());
  return text.length > MAX_CHARACTERS ? `${text.slice(0, MAX_CHARACTERS)}\n[cut]` : text;
}

/** HTML to readable text: no scripts, styles or tags, entities decoded, blank runs collapsed. */
function plainText(html: string): string {
  return html
    .replace(/<(script|style|noscript)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .trim();
}
