import { z } from 'zod';
import { databasePassword, weakSecretReason } from './secrets.js';

/**
 * Every setting comes from the environment, validated here and nowhere else.
 * Each service asks for the sections it uses, so the aggregator does not need ARI credentials.
 */

const csvNumbers = z
  .string()
  .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'a comma-separated list of whole seconds, e.g. "15,30"')
  .transform((s) => s.split(',').map((n) => Number(n.trim())).sort((a, b) => a - b));

const port = z.coerce.number().int().min(1).max(65535);
/** Stasis app names, comma-separated (ARI_APPS: read by the Asterisk config and by the controllers). */
const stasisApps = z.string().regex(/^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$/).optional();

const sections = {
  log: z.object({
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  }),
  site: z.object({
    /** Local days and business hours are counted in this IANA zone. */
    SITE_TZ: z.string().default('Asia/Shanghai').refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai'),
    /** Answer-time thresholds in seconds (inclusive bounds, see KPIS.md). */
    SL_THRESHOLDS_SEC: csvNumbers.default([15, 30]),
  }),
  kpi: z.object({
    /** Abandons with a wait below this many seconds leave the abandon rate (KPIS.md; 0 = none do). */
    SHORT_ABANDON_SEC: z.coerce.number().int().min(0).max(600).default(0),
    /** Survey answers that count as satisfied for the IVR satisfaction rate. */
    SATISFIED_ANSWERS: z
      .string()
      .regex(/^\s*(satisfied|basically_satisfied|dissatisfied)(\s*,\s*(satisfied|basically_satisfied|dissatisfied))*\s*$/, 'a comma-separated list of satisfied, basically_satisfied, dissatisfied')
      .transform((s) => s.split(',').map((a) => a.trim() as 'satisfied' | 'basically_satisfied' | 'dissatisfied'))
      .default(['satisfied', 'basically_satisfied']),
    /** Whether a survey without an answer counts as satisfied in the satisfaction rate (Changsha's 挂机满意度 always does). */
    NO_ANSWER_COUNTS_AS_SATISFIED: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
    /** A day is compliant when its answer rate reaches this ratio (接通率月达标天数). */
    COMPLIANCE_DAY_TARGET: z.coerce.number().min(0).max(1).default(0.95),
    /** Wallboard alert: more than this many callers waiting in one queue. */
    WALLBOARD_WAITING_ALERT: z.coerce.number().int().min(0).default(5),
    /** Wallboard alert: today's rate within the first SL threshold below this ratio. */
    WALLBOARD_SL_TARGET: z.coerce.number().min(0).max(1).default(0.96),
  }),
  aggregator: z.object({
    /**
     * The aggregator's nice value (-20 .. 19). Above Asterisk's and the controller's by default: its
     * work can wait in the queue (event lag) while calls cannot, so on a saturated machine it yields.
     */
    AGGREGATOR_NICE: z.coerce.number().int().min(-20).max(19).default(10),
  }),
  db: z.object({
    DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/hotline'),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  }),
  redis: z.object({
    REDIS_URL: z.string().url().default('redis://127.0.0.1:6379/0'),
    /** Namespaces BullMQ queues and state keys, so several sites or test runs share one Redis. */
    REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/).default('hotline'),
  }),
  ari: z.object({
    ARI_URL: z.string().url().default('http://127.0.0.1:8088'),
    ARI_USER: z.string().min(1).default('hotline'),
    ARI_PASSWORD: z.string().min(8, 'at least 8 characters (generated into .env by `make run`)'),
    ARI_APP: z.string().regex(/^[A-Za-z0-9_-]+$/).default('hotline'),
    /**
     * Every controller's Stasis app (the dialplan spreads calls over them): with more than
     * ARI_APP, a controller takes over a peer's app and calls when the peer stops (app leases in Redis).
     */
    ARI_APPS: stasisApps,
  }),
  controller: z.object({
    /** The IVR menu file (zod-validated at start; see packages/callflow). */
    IVR_FILE: z.string().default(repoPath('config/ivr.json')),
    /** Queues, skills and agents (zod-validated at start; see packages/acd). */
    QUEUES_FILE: z.string().default(repoPath('config/queues.json')),
    /** Music-on-hold class callers hear while waiting, unless the queue names its own. */
    MOH_CLASS: z.string().default('default'),
    /** The post-call satisfaction survey (an IVR file whose start menu maps 1/2/3; see packages/callflow). */
    SURVEY_FILE: z.string().default(repoPath('config/survey.json')),
    /**
     * Where events wait on local disk while Redis is unreachable (replayed in order when it
     * answers); each controller uses its own subdirectory named after REDIS_PREFIX and ARI_APP.
     */
    EVENT_SPOOL_DIR: z.string().default(repoPath('.run/event-spool')),
    /** A publish to Redis slower than this goes to the spool instead (a call never waits longer). */
    EVENT_PUBLISH_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
    /**
     * The controller's nice value (-20 highest priority .. 19). Below Asterisk's 0 by default: on a
     * shared machine under load Asterisk's channel threads would otherwise starve its event loop.
     * Needs root or CAP_SYS_NICE; without, the controller runs at its inherited value and says why.
     */
    CONTROLLER_NICE: z.coerce.number().int().min(-20).max(19).default(-10),
  }),
  recordings: z
    .object({
      /** The Asterisk root (scripts/asterisk.sh); recordings land in its spool unless RECORDINGS_DIR says otherwise. */
      ASTERISK_ROOT: z.string().default('/var/cache/hotline/asterisk-root'),
      /** Where Asterisk writes recordings (its /var/spool/asterisk/recording, seen from this host) and the merged files live. */
      RECORDINGS_DIR: z.string().optional(),
      /** Recordings are kept this many days (3 years: complaints' recordings, seed 001), then purged unless on legal hold. */
      RECORDING_RETENTION_DAYS: z.coerce.number().int().min(1).max(100 * 366).default(1095),
      /** How often the API imports stored recordings and purges expired ones; 0 disables the timer. */
      RECORDING_SYNC_SEC: z.coerce.number().int().min(0).max(86_400).default(30),
      /**
       * off: the controller records no call (a line recorded elsewhere, e.g. by the carrier, or a
       * load test measuring what recording costs Asterisk; BENCHMARKS.md run 27).
       */
      RECORD_CALLS: z.enum(['on', 'off']).default('on'),
    })
    .transform((s) => ({ ...s, RECORDINGS_DIR: s.RECORDINGS_DIR ?? `${s.ASTERISK_ROOT}/var/spool/asterisk/recording` })),
  queues: z.object({
    QUEUES_FILE: z.string().default(repoPath('config/queues.json')),
  }),
  asterisk: z.object({
    SIP_BIND: z.string().regex(/^[\d.]+:\d+$/, 'ADDRESS:PORT, e.g. 0.0.0.0:5060').default('0.0.0.0:5060'),
    /** Source address(es) of the carrier's trunk (comma-separated IPs or CIDRs). */
    TRUNK_MATCH: z.string().min(1).default('127.0.0.1'),
    /** Where calls out through the trunk go (transfers to external numbers), e.g. 10.0.0.5:5060. */
    TRUNK_HOST: z.string().optional(),
    SEATS: z.coerce.number().int().min(1).max(5000).default(20),
    SEAT_PREFIX: z.string().regex(/^[a-z][a-z0-9_-]*$/).default('agent'),
    SEAT_PASSWORD: z.string().min(8, 'at least 8 characters (generated into .env by `make run`)'),
    /**
     * A static contact for every seat instead of registration, with {seat} replaced,
     * e.g. sip:{seat}@127.0.0.1:5070 to let one SIPp UAS answer for all seats in a load test.
     */
    SEAT_CONTACT: z.string().includes('{seat}').optional(),
    /** With SEAT_CONTACT containing {port}: seat N's contact port is this plus N (one test phone per seat). */
    SEAT_CONTACT_PORT_BASE: z.coerce.number().int().min(0).max(65000).default(5200),
    /**
     * Stasis apps the trunk's calls are spread over (one per controller instance); a call
     * goes to the next app when one is not connected. Defaults to ARI_APP.
     */
    ARI_APPS: stasisApps,
  }),
  api: z.object({
    API_HOST: z.string().default('127.0.0.1'),
    API_PORT: port.default(3000),
    /** Requests each API key (or, without a valid key, each client address) may make per window; 429 beyond. */
    RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(1200),
    RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
    /** /healthz reports the aggregator down when an event has waited longer than this to be written. */
    HEALTH_MAX_EVENT_LAG_SEC: z.coerce.number().int().min(1).max(86_400).default(60),
    /**
     * How long the API reuses a GET /kpis report for the same query (per process) instead of
     * reading the rollups again: a report is at most this many ms older than the rollups. 0: read every time.
     */
    KPI_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  }),
  auth: z.object({
    /**
     * When set, the API ensures at start an admin user `admin` holding this token, so operators
     * and tests can get in and create the other users and keys.
     */
    ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').max(200).optional(),
    /** API keys issued by POST /admin/users/:id/keys (and ADMIN_TOKEN, renewed at each start) expire after this many days. */
    API_KEY_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /**
     * How long the API reuses a key's looked-up owner (role, department, expiry) instead of a
     * query per request. Expiry is checked on every request; revocations and user changes made
     * through this API process apply at once; ones made elsewhere (the database, another API
     * process) within this many ms. 0: a query per request.
     */
    API_KEY_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  }),
  tickets: z.object({
    /** A deadline within this many minutes is "due soon" (GET /tickets?due=soon). */
    TICKET_DUE_SOON_MIN: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
    /** The share (0..1) of not-always-called-back finished tickets drawn for a callback (回访). */
    CALLBACK_SAMPLE_SHARE: z.coerce.number().min(0).max(1).default(0.1),
    /** Abandoned calls shorter than this wait are not called back (漏接回拨); 0: all are. */
    MISSED_CALL_MIN_WAIT_SEC: z.coerce.number().int().min(0).max(3600).default(0),
    /** How often the API turns abandoned calls into callback tasks; 0 disables the timer. */
    MISSED_CALL_SYNC_SEC: z.coerce.number().int().min(0).max(86_400).default(60),
    /** How often unpublished ticket events are retried from the outbox. */
    OUTBOX_RETRY_SEC: z.coerce.number().int().min(1).max(3600).default(5),
  }),
};

function repoPath(relative: string): string {
  return new URL(`../../../${relative}`, import.meta.url).pathname;
}

export type ConfigSection = keyof typeof sections;
type Sections = typeof sections;
export type Config = { [K in ConfigSection]: z.output<Sections[K]> };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig<K extends ConfigSection>(
  wanted: readonly K[],
  env: NodeJS.ProcessEnv = process.env,
): Pick<Config, K> {
  const out: Partial<Config> = {};
  const problems: string[] = [];
  for (const name of wanted) {
    const parsed = sections[name].safeParse(emptyAsUnset(env));
    if (parsed.success) {
      (out as Record<string, unknown>)[name] = parsed.data;
    } else {
      for (const issue of parsed.error.issues) {
        const variable = issue.path.join('.');
        const got = env[variable];
        problems.push(`${variable}: ${issue.message}${got === undefined ? ' (not set)' : ` (got "${got}")`}`);
      }
    }
  }
  if (env.NODE_ENV === 'production') problems.push(...productionSecretProblems(out));
  if (problems.length > 0) {
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return out as Pick<Config, K>;
}

/**
 * NODE_ENV=production: the secrets of the loaded sections must not be empty, a known default
 * or a placeholder (ADMIN_TOKEN may stay unset: then there is no bootstrap admin at all).
 */
function productionSecretProblems(c: Partial<Config>): string[] {
  const secrets: [string, string | undefined][] = [];
  if (c.db) secrets.push(['DATABASE_URL (its password)', databasePassword(c.db.DATABASE_URL)]);
  if (c.ari) secrets.push(['ARI_PASSWORD', c.ari.ARI_PASSWORD]);
  if (c.asterisk) secrets.push(['SEAT_PASSWORD', c.asterisk.SEAT_PASSWORD]);
  if (c.auth?.ADMIN_TOKEN !== undefined) secrets.push(['ADMIN_TOKEN', c.auth.ADMIN_TOKEN]);
  return secrets.flatMap(([variable, value]) => {
    const reason = weakSecretReason(value);
    return reason ? [`${variable}: ${reason}, refused with NODE_ENV=production (set a generated secret, e.g. from scripts/gen-env.sh)`] : [];
  });
}

// An empty variable (FOO=) means "use the default", as shells and compose files tend to produce them.
function emptyAsUnset(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The KPI settings of packages/kpi (VoiceSettingsInput) from the `site` and `kpi` sections:
 * the aggregator rolls up with them and the API reads with them, so both must agree.
 */
export function kpiSettingsOf(c: Pick<Config, 'site' | 'kpi'>) {
  return {
    serviceLevelThresholdsMs: c.site.SL_THRESHOLDS_SEC.map((s) => s * 1000),
    shortAbandonMs: c.kpi.SHORT_ABANDON_SEC * 1000,
    satisfiedAnswers: c.kpi.SATISFIED_ANSWERS,
    dailyAnswerRateTarget: c.kpi.COMPLIANCE_DAY_TARGET,
    timeZone: c.site.SITE_TZ,
  };
}
