/**
 * JSON with comments (`//` and `/* *\/`) and trailing commas, as the listing file is written: the
 * comments and trailing commas are blanked out (so positions in JSON.parse's errors stay right)
 * and the text parsed.
 */
export function parseJsonc(text: string): unknown {
  let out = "";
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    const next = text[index + 1];
    let end = index + 1;
    if (char === '"') {
      end = stringEnd(text, index);
      out += text.slice(index, end);
    } else if (char === "/" && next === "/") {
      end = text.indexOf("\n", index);
      if (end === -1) end = text.length;
      out += " ".repeat(end - index);
    } else if (char === "/" && next === "*") {
      end = text.indexOf("*/", index + 2);
      end = end === -1 ? text.length : end + 2;
      out += text.slice(index, end).replace(/[^\n]/g, " ");
    } else {
      out += char === "," && closesNext(text, end) ? " " : char;
    }
    index = end;
  }
  return JSON.parse(out);
}

/** The index just past the string literal that starts at `start`. */
function stringEnd(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length && text[index] !== '"') index += text[index] === "\\" ? 2 : 1;
  return index + 1;
}

/** Whether the next token from `start` (past blanks and comments) closes an object or array. */
function closesNext(text: string, start: number): boolean {
  const rest = text.slice(start).replace(/^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/, "");
  return rest.startsWith("}") || rest.startsWith("]");
}
