/** The last `count` non-empty lines of a command's output, for failure messages. */
export function lastLines(output: string, count: number): string {
  return output
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(-count)
    .join("\n");
}
