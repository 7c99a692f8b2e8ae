/**
 * The schema of the store's tables when the URL names one (`?options=-c search_path=name`, which
 * PostgreSQL applies to every connection); undefined for the default, `public`.
 */
export function urlSchema(connectionString: string): string | undefined {
  const options = new URL(connectionString).searchParams.get("options") ?? "";
  return /search_path=([^\s,]+)/.exec(options)?.[1];
}
