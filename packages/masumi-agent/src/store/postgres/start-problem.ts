import { isConnectionError } from "./postgres.ts";
import { urlSchema } from "./url-schema.ts";

/**
 * What to tell whoever starts the agent when PostgreSQL refuses it: one line that names
 * DATABASE_URL and the fix, instead of pg's message alone. Undefined for other failures.
 */
export function startProblem(error: unknown, url: string): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { host, port, user, database, schema } = connectionTarget(url);
  const address = `${host}:${port}`;
  const code = (error as { code?: unknown }).code;
  const reason = error.message || String(code);
  if (code === "3D000") {
    return (
      `DATABASE_URL: PostgreSQL at ${address} has no database "${database}"; create it with ` +
      `\`createdb -h ${host} -p ${port} -U ${user} ${database}\` (or in psql: ` +
      `CREATE DATABASE ${database};), or set DATABASE_URL to a database that exists`
    );
  }
  if (code === "28000" && /no PostgreSQL user name/.test(reason)) {
    return (
      "DATABASE_URL names no user (nor is USER set), so PostgreSQL refuses the connection; " +
      `put one in it: postgres://USER@${address}/${database}`
    );
  }
  if (code === "28000" || code === "28P01" || /password/i.test(reason)) {
    return (
      `DATABASE_URL: PostgreSQL at ${address} refuses user "${user}" (${reason}); put a user ` +
      "that it accepts, and the user's password, in DATABASE_URL"
    );
  }
  if (code === "3F000" && schema !== undefined) {
    return (
      `DATABASE_URL: its search_path names schema "${schema}", which database "${database}" ` +
      `lacks; create it with \`psql -h ${host} -p ${port} -U ${user} -d ${database} ` +
      `-c "CREATE SCHEMA ${schema}"\``
    );
  }
  if (isConnectionError(error)) {
    return (
      `DATABASE_URL: no PostgreSQL answers at ${address} (${reason}); start one (e.g. ` +
      "`docker run --rm -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=agent " +
      "postgres:17`) or set DATABASE_URL to yours"
    );
  }
  return undefined;
}

interface ConnectionTarget {
  host: string;
  port: string;
  user: string;
  database: string;
  /** The first schema of the search path that `?options=-c search_path=...` sets, if any. */
  schema: string | undefined;
}

/** Where pg connects for `url`: without a user as the login user, to the user's database. */
function connectionTarget(url: string): ConnectionTarget {
  const { hostname, port, username, pathname } = new URL(url);
  const user = decodeURIComponent(username) || process.env.USER || "";
  return {
    host: hostname || "localhost",
    port: port || "5432",
    user,
    database: decodeURIComponent(pathname.slice(1)) || user,
    schema: urlSchema(url),
  };
}
