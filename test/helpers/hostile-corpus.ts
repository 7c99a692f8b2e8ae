/**
 * The hostile requests a public MIP-003 server must survive, as raw bytes: malformed and
 * oversized bodies, wrong content types, absurd headers and query strings, prototype-pollution
 * keys, unknown routes, wrong methods and seeded random bytes. Each says what a hardened server
 * does with it, so the robustness test can name the requirement a wrong answer breaks.
 */

/**
 * json-refusal: valid HTTP that the application must refuse with a 4xx JSON error.
 * protocol-refusal: broken or oversized HTTP that the runtime's parser may refuse before the
 * application sees it, so the answer is a 4xx (any body) or a closed connection.
 */
export type Expectation = "json-refusal" | "protocol-refusal";

export interface HostileRequest {
  name: string;
  expect: Expectation;
  bytes: Buffer | string;
  /** The specific requirement it probes, when there is one beyond "a clean 4xx". */
  requirement?: "unknown-route" | "body-limit" | "content-type" | "header-limit" | "not-http";
  /** The methods a 405 must list in its Allow header. */
  allow?: string;
  /** Half-close after writing: the request ends before its declared length. */
  endAfterWrite?: boolean;
}

/** The routes of MIP-003 and the one method each accepts. */
export const KNOWN_ROUTES = [
  { path: "/start_job", method: "POST" },
  { path: "/status", method: "GET" },
  { path: "/provide_input", method: "POST" },
  { path: "/availability", method: "GET" },
  { path: "/input_schema", method: "GET" },
  { path: "/demo", method: "GET" },
] as const;

export const PURCHASER = "a1b2c3d4e5f60718";
const VALID_JOB = JSON.stringify({ identifier_from_purchaser: PURCHASER, input_data: { text: "hi" } });
const MIB = 1024 * 1024;

/** Bytes of one HTTP/1.1 request; Content-Length is set for a body unless headers say otherwise. */
export function httpRequest(
  method: string,
  target: string,
  options: { headers?: Record<string, string>; body?: Buffer | string } = {},
): Buffer {
  const headers: Record<string, string> = { Host: "127.0.0.1", Connection: "close", ...options.headers };
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const framed = Object.keys(headers).some((name) => /^(content-length|transfer-encoding)$/i.test(name));
  if (body && !framed) headers["Content-Length"] = String(body.length);
  const head = [`${method} ${target} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`, "latin1"), body ?? Buffer.alloc(0)]);
}

function postJson(path: string, body: string, headers: Record<string, string> = {}): Buffer {
  return httpRequest("POST", path, { headers: { "Content-Type": "application/json", ...headers }, body });
}

function nested(depth: number, open: string, close: string, inner = "1"): string {
  return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}

/** A small seeded PRNG (mulberry32), so a failing random request can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(random: () => number, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

/** Bodies that try to pollute Object.prototype through the keys JSON can carry. */
export const POLLUTION_BODIES = [
  `{"__proto__":{"identifier_from_purchaser":"${PURCHASER}","input_data":{"text":"x"},"polluted":true}}`,
  `{"constructor":{"prototype":{"identifier_from_purchaser":"${PURCHASER}","input_data":{"text":"x"}}}}`,
  `{"identifier_from_purchaser":"${PURCHASER}","input_data":{"__proto__":{"text":"x"},"constructor":{"prototype":{"text":"x"}}}}`,
  `{"identifier_from_purchaser":"${PURCHASER}","input_data":[{"key":"__proto__","value":{"text":"x"}},{"key":"constructor","value":"x"},{"key":"prototype","value":"x"}]}`,
  `{"job_id":"x","status_id":"y","input_data":{"__proto__":{"approve":true}},"__proto__":{"job_id":"z"}}`,
];

function fixedCorpus(): HostileRequest[] {
  const json = (name: string, bytes: Buffer, requirement?: HostileRequest["requirement"]): HostileRequest => ({
    name,
    expect: "json-refusal",
    bytes,
    requirement,
  });
  const protocol = (name: string, bytes: Buffer | string, more: Pick<HostileRequest, "endAfterWrite" | "requirement"> = {}): HostileRequest => ({
    name,
    expect: "protocol-refusal",
    bytes,
    ...more,
  });
  const corpus: HostileRequest[] = [
    json("malformed JSON", postJson("/start_job", "{oops")),
    json("JSON cut off", postJson("/start_job", VALID_JOB.slice(0, 30))),
    json("empty body", postJson("/start_job", "")),
    json("no body at all", httpRequest("POST", "/start_job")),
    json("top-level array", postJson("/start_job", "[]")),
    json("top-level string", postJson("/start_job", '"job"')),
    json("top-level number", postJson("/start_job", "42")),
    json("top-level null", postJson("/start_job", "null")),
    json("top-level true", postJson("/provide_input", "true")),
    json("text/plain with a valid job", httpRequest("POST", "/start_job", { headers: { "Content-Type": "text/plain" }, body: VALID_JOB }), "content-type"),
    json("form-encoded body", httpRequest("POST", "/start_job", { headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "identifier_from_purchaser=a&input_data=b" }), "content-type"),
    json("XML body", httpRequest("POST", "/start_job", { headers: { "Content-Type": "application/xml" }, body: "<job><text>hi</text></job>" }), "content-type"),
    json("multipart body", httpRequest("POST", "/start_job", { headers: { "Content-Type": "multipart/form-data; boundary=x" }, body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n' }), "content-type"),
    json("2 MiB JSON body", postJson("/start_job", `{"identifier_from_purchaser":"${PURCHASER}","input_data":{"text":"${"a".repeat(2 * MIB)}"}}`), "body-limit"),
    json("2 MiB chunked body", postJson("/start_job", `${(2 * MIB).toString(16)}\r\n${"[".repeat(2 * MIB)}\r\n0\r\n\r\n`, { "Transfer-Encoding": "chunked" }), "body-limit"),
    json("10k-deep nested arrays at the top", postJson("/start_job", nested(10_000, "[", "]"))),
    json("10k-deep nested objects at the top", postJson("/start_job", nested(10_000, '{"a":', "}"))),
    json("10k-deep nested input_data", postJson("/start_job", `{"identifier_from_purchaser":"${PURCHASER}","input_data":${nested(10_000, '{"text":', "}", '"x"')}}`)),
    json("10k-deep nested field value", postJson("/start_job", `{"identifier_from_purchaser":"${PURCHASER}","input_data":{"text":${nested(10_000, "[", "]")}}}`)),
    json("10k-deep nested provide_input", postJson("/provide_input", `{"job_id":"x","status_id":"y","input_data":${nested(10_000, "[", "]")}}`)),
    json("status without job_id", httpRequest("GET", "/status")),
    json("status of an unknown job", httpRequest("GET", "/status?job_id=00000000-0000-4000-8000-000000000000")),
    json("status with a 10 KiB job_id", httpRequest("GET", `/status?job_id=${"z".repeat(10 * 1024)}`)),
    json("status with a repeated job_id", httpRequest("GET", "/status?job_id=a&job_id=b&job_id[]=c")),
    json("status with %00 in job_id", httpRequest("GET", "/status?job_id=%00%ff%fe")),
    json("provide_input for an unknown job", postJson("/provide_input", '{"job_id":"nope","status_id":"nope","input_data":{}}')),
    json("unknown route", httpRequest("GET", "/nope"), "unknown-route"),
    json("unknown POST route", postJson("/nope", VALID_JOB), "unknown-route"),
    json("root", httpRequest("GET", "/"), "unknown-route"),
    json("path traversal", httpRequest("GET", "/../../etc/passwd"), "unknown-route"),
    json("encoded path traversal", httpRequest("GET", "/%2e%2e/%2e%2e/etc/passwd"), "unknown-route"),
    json("NUL in the path", httpRequest("GET", "/status%00"), "unknown-route"),
    json("route with a tail", httpRequest("GET", "/status/extra/parts"), "unknown-route"),
    json("invalid percent-encoding in the path", httpRequest("GET", "/%E0%A4%A")),
    json("invalid percent-encoding in the query", httpRequest("GET", "/status?job_id=%E0%A4%A")),
    protocol("64 KiB header", httpRequest("GET", "/availability", { headers: { "X-Filler": "a".repeat(64 * 1024) } }), { requirement: "header-limit" }),
    protocol("1 MiB query string", httpRequest("GET", `/status?job_id=${"q".repeat(MIB)}`)),
    protocol("1 MiB path", httpRequest("GET", `/${"p".repeat(MIB)}`)),
    protocol("truncated body", Buffer.concat([httpRequest("POST", "/start_job", { headers: { "Content-Type": "application/json", "Content-Length": "500" } }), Buffer.from(VALID_JOB.slice(0, 40))]), { endAfterWrite: true }),
    protocol("truncated chunked body", postJson("/start_job", "ff\r\n{\"identifier", { "Transfer-Encoding": "chunked" }), { endAfterWrite: true }),
    protocol("invalid Content-Length", postJson("/start_job", VALID_JOB, { "Content-Length": "abc" })),
    protocol("negative Content-Length", postJson("/start_job", VALID_JOB, { "Content-Length": "-1" })),
    protocol("huge Content-Length", postJson("/start_job", VALID_JOB, { "Content-Length": "99999999999999999999" }), { endAfterWrite: true }),
    protocol("Content-Length and chunked", postJson("/start_job", `5\r\n{}   \r\n0\r\n\r\n`, { "Content-Length": "4", "Transfer-Encoding": "chunked" })),
    protocol("invalid chunk size", postJson("/start_job", "zz\r\n{}\r\n0\r\n\r\n", { "Transfer-Encoding": "chunked" })),
    protocol("control characters in a header", "GET /availability HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bad: a\u0001b\r\nConnection: close\r\n\r\n"),
    protocol("header without a colon", "GET /availability HTTP/1.1\r\nHost 127.0.0.1\r\nConnection: close\r\n\r\n"),
    protocol("unknown HTTP version", "GET /availability HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
    protocol("absurd method", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
    protocol("request line only garbage", "\u0000\u0001\u0002 \r\n\r\n", { requirement: "not-http" }),
  ];
  for (const [index, body] of POLLUTION_BODIES.entries()) {
    const path = body.includes('"job_id"') ? "/provide_input" : "/start_job";
    corpus.push(json(`prototype-pollution keys #${index + 1}`, postJson(path, body)));
  }
  for (const route of KNOWN_ROUTES) {
    for (const method of ["GET", "POST", "PUT", "DELETE", "PATCH"]) {
      if (method === route.method) continue;
      const body = method === "GET" ? undefined : VALID_JOB;
      corpus.push({
        name: `${method} ${route.path}`,
        expect: "json-refusal",
        bytes: httpRequest(method, route.path, { headers: { "Content-Type": "application/json" }, body }),
        allow: route.method,
      });
    }
  }
  return corpus;
}

/** `count` requests of random bytes: half bare noise, half random bodies in valid framing. */
function randomCorpus(seed: number, count: number): HostileRequest[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index): HostileRequest => {
    const bytes = randomBytes(random, 1 + Math.floor(random() * 2048));
    if (index % 2 === 0) return { name: `random bytes #${index} (seed ${seed})`, expect: "protocol-refusal", bytes };
    const path = index % 4 === 1 ? "/start_job" : "/provide_input";
    return { name: `random body #${index} to ${path} (seed ${seed})`, expect: "json-refusal", bytes: postJson(path, bytes.toString("latin1")) };
  });
}

export function hostileCorpus(seed = 7, randomCount = 300): HostileRequest[] {
  return [...fixedCorpus(), ...randomCorpus(seed, randomCount)];
}
