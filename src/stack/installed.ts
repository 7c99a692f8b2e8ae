import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * True when `tool` is a command on the PATH, as a shell would find it. Used to offer only the
 * package managers that are installed, and to refuse a `--pm` that is not before anything is
 * written.
 */
export function isInstalled(tool: string, path = process.env.PATH ?? ""): boolean {
  const extensions = process.platform === "win32" ? ["", ...(process.env.PATHEXT ?? ".EXE;.CMD").split(";")] : [""];
  return path
    .split(delimiter)
    .filter((dir) => dir !== "")
    .some((dir) =>
      extensions.some((extension) => {
        try {
          accessSync(join(dir, tool + extension), constants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
    );
}

/** How to get a missing install tool, for the line that refuses it or the prompt that hides it. */
export function installHint(tool: string): string {
  return `npm install --global ${tool} or its official installer`;
}
