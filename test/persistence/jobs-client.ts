/** Plain HTTP calls to a generated agent, for the store tests and the store benchmark. */

export const PURCHASER = "a1b2c3d4e5f60718";

export interface JobStatus {
  id: string;
  job_id: string;
  status: string;
  message?: string;
  result?: string;
}

export async function startJob(
  baseUrl: string,
  input: Record<string, unknown> = { text: "Hello there." },
): Promise<string> {
  const response = await fetch(`${baseUrl}/start_job`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      identifier_from_purchaser: PURCHASER,
      input_data: input,
    }),
  });
  const body = (await response.json()) as { job_id?: string };
  if (response.status !== 200 || !body.job_id) {
    throw new Error(
      `start_job answered ${response.status}: ${JSON.stringify(body)}`,
    );
  }
  return body.job_id;
}

export async function jobStatus(
  baseUrl: string,
  jobId: string,
): Promise<JobStatus> {
  const response = await fetch(`${baseUrl}/status?job_id=${jobId}`);
  const body = (await response.json()) as JobStatus;
  if (response.status !== 200)
    throw new Error(
      `status of ${jobId} answered ${response.status}: ${JSON.stringify(body)}`,
    );
  return body;
}

export async function provideInput(
  baseUrl: string,
  jobId: string,
  statusId: string,
  input: Record<string, unknown>,
): Promise<number> {
  const response = await fetch(`${baseUrl}/provide_input`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      job_id: jobId,
      status_id: statusId,
      input_data: input,
    }),
  });
  await response.text();
  return response.status;
}

/** Calls `task(i)` for i = 0..count-1 with at most `concurrency` calls in flight; results in order. */
export async function inParallel<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++)
      results[index] = await task(index);
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, worker),
  );
  return results;
}

/** Polls until every job is in one of `statuses`; throws with the laggards after `timeoutMs`. */
export async function waitForJobs(
  baseUrl: string,
  jobIds: string[],
  statuses: string[],
  timeoutMs: number,
): Promise<JobStatus[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await inParallel(jobIds.length, 20, (index) =>
      jobStatus(baseUrl, jobIds[index]!),
    );
    const waiting = all.filter((job) => !statuses.includes(job.status));
    if (waiting.length === 0) return all;
    if (Date.now() > deadline) {
      throw new Error(
        `${waiting.length} job(s) not ${statuses.join("/")}: ${JSON.stringify(waiting.slice(0, 3))}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
