// Writes asterisk-config/ into an Asterisk etc directory, rendering the templates
// from the environment (credentials are never stored in the repository) and
// generating one PJSIP endpoint per seat. Used by scripts/asterisk.sh and docker/.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@hotline/config';

const target = process.argv[2];
if (!target) {
  console.error('usage: render-asterisk-config.ts ETC_ASTERISK_DIR');
  process.exit(2);
}
const source = new URL('../asterisk-config/', import.meta.url).pathname;
const { ari, asterisk } = loadConfig(['ari', 'asterisk']);

export function seatName(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(4, '0')}`;
}

function seatSections(): string {
  const out: string[] = [];
  for (let n = 1; n <= asterisk.SEATS; n++) {
    const seat = seatName(asterisk.SEAT_PREFIX, n);
    const contact = asterisk.SEAT_CONTACT
      ? `contact = ${asterisk.SEAT_CONTACT.replaceAll('{seat}', seat).replaceAll('{port}', String(asterisk.SEAT_CONTACT_PORT_BASE + n))}\n`
      : '';
    out.push(
      `[${seat}](seat-endpoint)\nauth = ${seat}\naors = ${seat}\ncallerid = "${seat}" <${seat}>\n\n` +
        `[${seat}](seat-auth)\nusername = ${seat}\npassword = ${asterisk.SEAT_PASSWORD}\n\n` +
        `[${seat}](seat-aor)\n${contact}`,
    );
  }
  return out.join('\n');
}

/**
 * The app_queue baseline of the load-test kit (test/load/, `make load-compare`), off unless
 * BASELINE_QUEUE_MEMBERS > 0: queue `baseline` with the first N seats as static members,
 * reached by trunk calls to the number `baseline` ([baseline-queue] in extensions.conf).
 * BASELINE_STRATEGY (rrmemory), BASELINE_RING_TIMEOUT (15 s, the controller's ringTimeoutSec),
 * BASELINE_WRAPUP (0 s), BASELINE_RETRY (1 s), BASELINE_MAX_WAIT (120 s, used by the dialplan).
 */
const baselineMembers = Number(process.env.BASELINE_QUEUE_MEMBERS ?? 0);
const baselineEnv = (name: string, fallback: string) => process.env[`BASELINE_${name}`] ?? fallback;
function baselineQueue(): string {
  if (!(baselineMembers > 0)) return '';
  const members = Array.from({ length: Math.min(baselineMembers, asterisk.SEATS) }, (_, i) => `member => PJSIP/${seatName(asterisk.SEAT_PREFIX, i + 1)}`);
  const lines = [
    `; Load-test baseline (BASELINE_QUEUE_MEMBERS=${baselineMembers}), rendered by scripts/render-asterisk-config.ts.`,
    '[baseline]',
    `strategy = ${baselineEnv('STRATEGY', 'rrmemory')}`,
    'ringinuse = no',
    'autofill = yes',
    `timeout = ${baselineEnv('RING_TIMEOUT', '15')}`,
    `retry = ${baselineEnv('RETRY', '1')}`,
    `wrapuptime = ${baselineEnv('WRAPUP', '0')}`,
    'joinempty = yes',
    'leavewhenempty = no',
    'announce-frequency = 0',
    'periodic-announce-frequency = 0',
    'announce-holdtime = no',
    'musicclass = default',
    ...members,
  ];
  return `\n${lines.join('\n')}\n`;
}

const values: Record<string, string> = {
  ARI_USER: ari.ARI_USER,
  ARI_PASSWORD: ari.ARI_PASSWORD,
  ARI_APP: ari.ARI_APP,
  ARI_APPS: (asterisk.ARI_APPS ?? ari.ARI_APP).split(',').join('&'),
  SIP_BIND: asterisk.SIP_BIND,
  TRUNK_MATCH: asterisk.TRUNK_MATCH,
  TRUNK_AOR_LINE: asterisk.TRUNK_HOST ? 'aors = trunk' : '',
  BASELINE_ENTRY: baselineMembers > 0 ? `exten => baseline,1,Goto(baseline-queue,s,1)` : '; (no load-test baseline: BASELINE_QUEUE_MEMBERS unset)',
  BASELINE_MAX_WAIT: baselineEnv('MAX_WAIT', '120'),
  TRUNK_AOR_SECTION: asterisk.TRUNK_HOST ? `\n[trunk]\ntype = aor\ncontact = sip:${asterisk.TRUNK_HOST}\n` : '',
};

function render(text: string): string {
  return text.replace(/\{\{([A-Z_]+)\}\}/g, (_, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`unknown placeholder {{${key}}}`);
    return v;
  });
}

mkdirSync(target, { recursive: true });
for (const file of readdirSync(source)) {
  if (file.endsWith('.tmpl')) {
    let text = render(readFileSync(join(source, file), 'utf8'));
    if (file === 'pjsip.conf.tmpl') text += '\n' + seatSections();
    writeFileSync(join(target, file.slice(0, -'.tmpl'.length)), text, { mode: 0o640 });
  } else if (file.endsWith('.conf')) {
    copyFileSync(join(source, file), join(target, file));
  }
  if (file === 'queues.conf') writeFileSync(join(target, file), readFileSync(join(source, file), 'utf8') + baselineQueue());
}
console.error(`[asterisk] config rendered into ${target} (${asterisk.SEATS} seats)`);
