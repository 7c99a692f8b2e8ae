/**
 * Where requirements come from, as the catalogue cites them: sections of the project's spec
 * (shared/spec/MIP-003.md, which condenses MIP-003, its Attachment 01 and MIP-004) and of the
 * original API (agentic-service-api.seed.md).
 */
export const REF = {
  availability: "MIP-003 §2 GET /availability",
  inputSchema: "MIP-003 §2 GET /input_schema",
  fields: "MIP-003 Attachment 01 (spec §3)",
  startJob: "MIP-003 §2 POST /start_job",
  status: "MIP-003 §2 GET /status",
  provideInput: "MIP-003 §2 POST /provide_input",
  demo: "MIP-003 §2 GET /demo",
  hashes: "MIP-004 (spec §4)",
  payment: "payment service rules (spec §5)",
  sokosumi: "Sokosumi marketplace client (spec §6)",
  registry: "Masumi registry health check (spec §6)",
  decisions: "spec §7",
  http: "HTTP semantics (RFC 9110)",
  seedStart: "seed API §1 POST /start_job",
  seedStatus: "seed API §2 GET /status",
  seedAvailability: "seed API §3 GET /availability",
} as const;
