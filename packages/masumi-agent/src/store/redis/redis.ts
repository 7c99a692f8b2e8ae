import { Redis, ReplyError, type Result } from "ioredis";
import type { Job, JobPatch } from "../../jobs/types.ts";
import { isPending } from "../pending.ts";
import { PeekedJobs } from "../shared-jobs.ts";
import { StoreUnavailableError, type JobStore, type Lease } from "../store.ts";
import { WrittenJobs, type VersionedJob } from "../written-jobs.ts";

/*
 * Layout, under a key prefix:
 *   <prefix>job:<id>  a hash: job (the job as JSON), version (counts writes, for compare-and-set),
 *                     owner and until (its lease; owner "" when released)
 *   <prefix>pending   a sorted set of the pending jobs' ids (see isPending), scored by the time
 *                     their lease runs out, so that expired ones are one range query away
 * Every change is a Lua script: Redis runs each one whole, with nothing in between.
 */
const SCRIPTS = {
  jobCreate: {
    numberOfKeys: 2,
    lua: `
      if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
      redis.call('HSET', KEYS[1], 'job', ARGV[1], 'version', 1, 'owner', ARGV[3], 'until', ARGV[4])
      if ARGV[2] == '1' then redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5]) end
      return 1`,
  },
  jobUpdate: {
    numberOfKeys: 2,
    lua: `
      if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
      redis.call('HSET', KEYS[1], 'job', ARGV[2])
      redis.call('HINCRBY', KEYS[1], 'version', 1)
      if ARGV[3] == '1' then
        local leaseUntil = tonumber(redis.call('HGET', KEYS[1], 'until')) or 0
        redis.call('ZADD', KEYS[2], leaseUntil, ARGV[4])
      else
        redis.call('ZREM', KEYS[2], ARGV[4])
      end
      return 1`,
  },
  jobClaim: {
    numberOfKeys: 2,
    lua: `
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      local lease = redis.call('HMGET', KEYS[1], 'owner', 'until')
      if lease[1] ~= ARGV[1] and (tonumber(lease[2]) or 0) > tonumber(ARGV[3]) then return 0 end
      redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'until', ARGV[2])
      redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[4])
      return 1`,
  },
  jobClaimExpired: {
    numberOfKeys: 1,
    lua: `
      local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[3], 'LIMIT', 0, ARGV[4])
      local jobs = {}
      for i, id in ipairs(ids) do
        local key = ARGV[5] .. 'job:' .. id
        redis.call('HSET', key, 'owner', ARGV[1], 'until', ARGV[2])
        redis.call('ZADD', KEYS[1], ARGV[2], id)
        jobs[i] = redis.call('HGET', key, 'job')
      end
      return jobs`,
  },
  jobRenew: {
    numberOfKeys: 1,
    lua: `
      for i = 4, #ARGV do
        local key = ARGV[3] .. 'job:' .. ARGV[i]
        if redis.call('HGET', key, 'owner') == ARGV[1] then
          redis.call('HSET', key, 'until', ARGV[2])
          redis.call('ZADD', KEYS[1], 'XX', ARGV[2], ARGV[i])
        end
      end
      return 0`,
  },
} as const;

declare module "ioredis" {
  interface RedisCommander<Context> {
    jobCreate(
      key: string,
      pendingKey: string,
      json: string,
      pending: string,
      owner: string,
      until: number,
      id: string,
    ): Result<number, Context>;
    jobUpdate(
      key: string,
      pendingKey: string,
      version: string,
      json: string,
      pending: string,
      id: string,
    ): Result<number, Context>;
    jobClaim(
      key: string,
      pendingKey: string,
      owner: string,
      until: number,
      now: number,
      id: string,
    ): Result<number, Context>;
    jobClaimExpired(
      pendingKey: string,
      owner: string,
      until: number,
      now: number,
      limit: number,
      prefix: string,
    ): Result<string[], Context>;
    jobRenew(
      pendingKey: string,
      owner: string,
      until: number,
      prefix: string,
      ...ids: string[]
    ): Result<number, Context>;
  }
}

/** Jobs in Redis: they survive restarts (with Redis persistence on), and instances share them. */
export class RedisJobStore implements JobStore {
  readonly durable = true;
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #pendingKey: string;
  readonly #peeked = new PeekedJobs();
  readonly #written = new WrittenJobs();

  private constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#pendingKey = `${prefix}pending`;
  }

  static async open(url: string, prefix: string): Promise<RedisJobStore> {
    const redis = new Redis(url, {
      lazyConnect: true,
      // While Redis is unreachable, commands fail at once (answered with 503) instead of
      // queueing; the client keeps reconnecting in the background. When the network is gone
      // rather than Redis, nothing fails by itself: the timeouts bound the wait, as a healthy
      // Redis answers the store's commands in milliseconds.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 5_000,
      commandTimeout: 5_000,
      scripts: SCRIPTS,
    });
    // Connection problems also arrive as events; the failing commands report them. A failed
    // connect() only says "Connection is closed.": the event before it says why.
    let lastError: unknown;
    redis.on("error", (error) => (lastError = error));
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw lastError ?? error;
    }
    return new RedisJobStore(redis, prefix);
  }

  async create(job: Job, lease: Lease): Promise<void> {
    const text = JSON.stringify(job);
    const created = await this.#call((redis) =>
      redis.jobCreate(
        this.#key(job.id),
        this.#pendingKey,
        text,
        isPending(job) ? "1" : "0",
        lease.owner,
        lease.until,
        job.id,
      ),
    );
    if (created !== 1) throw new Error(`Job ${job.id} exists already`);
    this.#written.remember(job, text, 1);
  }

  async get(id: string): Promise<Job | undefined> {
    const json = await this.#jobText(id);
    return json ? (JSON.parse(json) as Job) : undefined;
  }

  async peek(id: string): Promise<Readonly<Job> | undefined> {
    const json = await this.#jobText(id);
    return json ? this.#peeked.parse(id, json) : undefined;
  }

  /** The job's stored JSON text, which get and peek parse each in their own way. */
  #jobText(id: string): Promise<string | null> {
    return this.#call((redis) => redis.hget(this.#key(id), "job"));
  }

  async transition(
    id: string,
    expectedStatusId: string,
    patch: JobPatch,
  ): Promise<Job | undefined> {
    return this.#written.transition(
      id,
      expectedStatusId,
      patch,
      () => this.#readVersioned(id),
      async (updated, text, version) => {
        const written = await this.#call((redis) =>
          redis.jobUpdate(
            this.#key(id),
            this.#pendingKey,
            String(version),
            text,
            isPending(updated) ? "1" : "0",
            id,
          ),
        );
        return written === 1;
      },
    );
  }

  async #readVersioned(id: string): Promise<VersionedJob | undefined> {
    const [json, version] = await this.#call((redis) =>
      redis.hmget(this.#key(id), "job", "version"),
    );
    return json && version ? { job: JSON.parse(json) as Job, version: Number(version) } : undefined;
  }

  async claim(id: string, lease: Lease): Promise<boolean> {
    const claimed = await this.#call((redis) =>
      redis.jobClaim(this.#key(id), this.#pendingKey, lease.owner, lease.until, Date.now(), id),
    );
    return claimed === 1;
  }

  async claimExpired(lease: Lease, limit: number): Promise<Job[]> {
    const jobs = await this.#call((redis) =>
      redis.jobClaimExpired(
        this.#pendingKey,
        lease.owner,
        lease.until,
        Date.now(),
        limit,
        this.#prefix,
      ),
    );
    return jobs.map((json) => JSON.parse(json) as Job);
  }

  async renew(ids: readonly string[], lease: Lease): Promise<void> {
    await this.#call((redis) =>
      redis.jobRenew(this.#pendingKey, lease.owner, lease.until, this.#prefix, ...ids),
    );
  }

  async release(ids: readonly string[], owner: string): Promise<void> {
    // A lease that ran out at 0 is free: renewing to 0 releases it.
    await this.#call((redis) => redis.jobRenew(this.#pendingKey, owner, 0, this.#prefix, ...ids));
  }

  async close(): Promise<void> {
    this.#redis.disconnect();
  }

  #key(id: string): string {
    return `${this.#prefix}job:${id}`;
  }

  /** Runs a command; failures to reach Redis become StoreUnavailableError, the rest stay. */
  async #call<T>(command: (redis: Redis) => Promise<T>): Promise<T> {
    try {
      return await command(this.#redis);
    } catch (error) {
      throw error instanceof ReplyError ? error : new StoreUnavailableError(error);
    }
  }
}
