/**
 * What a running install is doing, read from its output: most of a long install is a native
 * module (better-sqlite3) compiled from source, and saying so explains the wait. Understands
 * npm's script banners (`> better-sqlite3@12.4.1 install`, printed with foreground scripts),
 * pnpm's (`node_modules/better-sqlite3 install$ ...`), prebuild-install and node-gyp lines.
 */
export class InstallActivity {
  private pending = "";
  private scriptOf: string | undefined;
  private current: string | undefined;

  /** Feeds a chunk of output; returns each change of activity it brought, in order. */
  feed(chunk: string): string[] {
    const lines = (this.pending + chunk).split(/\r?\n/);
    this.pending = lines.pop() ?? "";
    const changes: string[] = [];
    for (const line of lines) {
      const activity = this.read(line);
      if (activity !== undefined && activity !== this.current) changes.push((this.current = activity));
    }
    return changes;
  }

  private read(line: string): string | undefined {
    const script =
      /^> ((?:@[\w.-]+\/)?[\w.-]+)@\S+ (?:pre|post)?install$/.exec(line) ??
      /node_modules\/((?:@[\w.-]+\/)?[\w.-]+) (?:pre|post)?install\$/.exec(line);
    if (script) {
      this.scriptOf = script[1];
      return `running the install script of ${this.scriptOf}`;
    }
    const module = this.scriptOf ?? "a native module";
    if (/^gyp (?:info|http|WARN|ERR!)|\bCXX\(target\)|\bmake: Entering/.test(line)) {
      return `compiling ${module} from source with node-gyp (native module, this is the slow part)`;
    }
    if (/\bprebuild-install (?:info|http)\b/.test(line)) return `downloading a prebuilt binary of ${module}`;
    return undefined;
  }
}
