import type { AgentKind, Framework, PackageManager, Payment, Persistence, Runtime } from "../options.js";

/** The flags of the create command, as commander parses them. Absent means "ask or default". */
export interface CreateFlags {
  name?: string;
  runtime?: Runtime;
  framework?: Framework;
  persistence?: Persistence;
  payment?: Payment;
  pm?: PackageManager;
  agent?: AgentKind;
  install?: boolean;
  git?: boolean;
  check?: boolean;
  yes?: boolean;
  force?: boolean;
  dryRun?: boolean;
  verbose?: boolean;
}
