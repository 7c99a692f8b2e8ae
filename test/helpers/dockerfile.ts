import { cp } from "node:fs/promises";
import { join, posix } from "node:path";
import { execa } from "execa";
import { tempDir } from "./cli.js";

/** One instruction of a Dockerfile: its keyword (upper case) and the rest of its line. */
export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** The stages of a Dockerfile: continuation lines joined, comments and blank lines dropped. */
export function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === "FROM") {
      const [image = "", as, name] = args.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === "AS" ? name : undefined, instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (stage === undefined) throw new Error(`${keyword} before FROM`);
      stage.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

/** What the final stage holds and runs, laid out in a directory of this machine. */
export interface BuiltImage {
  /** The final stage's WORKDIR: only what its COPY lines put there. */
  dir: string;
  env: Record<string, string>;
  /** The exec-form CMD, and the HEALTHCHECK's command. */
  command: string[];
  healthcheck: string[];
  user: string | undefined;
  volumes: string[];
  /** The final stage's RUN lines, which need root (chown): left to the caller. */
  finalRuns: string[];
}

/** `KEY=value KEY2=value2` (no quoting: the generated Dockerfiles need none). */
function parseEnv(args: string): Record<string, string> {
  return Object.fromEntries(
    args.split(/\s+/).map((pair) => {
      const at = pair.indexOf("=");
      if (at < 1) throw new Error(`ENV ${args}: only the KEY=value form is understood`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

/** A path of the stage's file system, relative to its WORKDIR (the only place files go here). */
function underWorkdir(path: string, workdir: string): string {
  const absolute = posix.resolve(workdir, path);
  if (absolute !== workdir && !absolute.startsWith(`${workdir}/`)) {
    throw new Error(`${path} is outside WORKDIR ${workdir}: not emulated`);
  }
  return posix.relative(workdir, absolute);
}

/**
 * Builds a Dockerfile without a container engine, as far as its instructions go: each stage is a
 * fresh directory standing for its WORKDIR; COPY copies from the build context (`context`) or,
 * with --from, from an earlier stage's directory; RUN lines of the build stages run there with
 * `sh -c` and `env` (which puts the tools the image would have first on the PATH). The final
 * stage's RUN lines are returned, not run. Other instructions are recorded; any this does not
 * know is an error, so a Dockerfile cannot do what the emulation silently skips.
 */
export async function emulateDockerfile(
  text: string,
  context: string,
  env: NodeJS.ProcessEnv,
): Promise<BuiltImage> {
  const stages = parseDockerfile(text);
  const dirs = new Map<string, { dir: string; workdir: string }>();
  let image: BuiltImage | undefined;
  for (const [index, stage] of stages.entries()) {
    const final = index === stages.length - 1;
    const dir = await tempDir("cma-stage-");
    let workdir = "/";
    const built: BuiltImage = { dir, env: {}, command: [], healthcheck: [], user: undefined, volumes: [], finalRuns: [] };
    for (const { keyword, args } of stage.instructions) {
      switch (keyword) {
        case "WORKDIR":
          if (workdir !== "/") throw new Error("One WORKDIR per stage is emulated");
          workdir = args;
          break;
        case "ENV":
          Object.assign(built.env, parseEnv(args));
          break;
        case "COPY": {
          const words = args.split(/\s+/);
          const from = words.find((word) => word.startsWith("--from="))?.slice("--from=".length);
          const [source, destination, ...rest] = words.filter((word) => !word.startsWith("--"));
          if (source === undefined || destination === undefined || rest.length > 0) {
            throw new Error(`COPY ${args}: one source and one destination are emulated`);
          }
          const origin = from === undefined ? { dir: context, workdir: "/" } : dirs.get(from);
          if (origin === undefined) throw new Error(`COPY --from=${from}: no such stage`);
          const sourcePath =
            from === undefined ? join(context, source) : join(origin.dir, underWorkdir(source, origin.workdir));
          await cp(sourcePath, join(dir, underWorkdir(destination, workdir)), { recursive: true, verbatimSymlinks: true });
          break;
        }
        case "RUN":
          if (final) built.finalRuns.push(args);
          else await execa("sh", ["-c", args], { cwd: dir, env: { ...env, ...built.env } });
          break;
        case "CMD":
          built.command = JSON.parse(args);
          break;
        case "HEALTHCHECK":
          built.healthcheck = JSON.parse(/\bCMD\s+(\[.*\])$/.exec(args)?.[1] ?? "null");
          break;
        case "USER":
          built.user = args;
          break;
        case "VOLUME":
          built.volumes.push(args);
          break;
        case "EXPOSE":
          break;
        default:
          throw new Error(`${keyword} is not emulated`);
      }
    }
    if (stage.name !== undefined) dirs.set(stage.name, { dir, workdir });
    image = built;
  }
  if (image === undefined) throw new Error("The Dockerfile has no stage");
  return image;
}
