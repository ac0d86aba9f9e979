import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input } from './actions.js';
import { loadIvr } from './load-ivr.js';
import { IvrConfigError } from './parse-ivr.js';
import { surveyResultFromDigit } from './survey.js';
import { lastAcceptedKey, outcomeOf, visitedNodes } from './walk-state.js';
import type { Step } from './walk-state.js';
import { cancel, next, start } from './walker.js';
import type { Ivr } from './ivr-schema.js';

const configFile = (name: string) => fileURLToPath(new URL(`../../../config/${name}`, import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'callflow-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadIvr', () => {
  it('names the file when it cannot be read', async () => {
    await expect(loadIvr(join(dir, 'missing.json'))).rejects.toThrow(`cannot read IVR file ${join(dir, 'missing.json')}`);
  });

  it('names the file when it is not JSON', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ "start": ');
    await expect(loadIvr(file)).rejects.toBeInstanceOf(IvrConfigError);
    await expect(loadIvr(file)).rejects.toThrow(`invalid IVR ${file}:\n  (root): not JSON`);
  });

  it('names the file and the paths of the bad nodes', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        start: 'main',
        nodes: {
          main: { type: 'menu', prompts: 'x', options: { '3': 'foo' }, invalidPrompt: 'pbx-invalid', onFailure: 'main' },
        },
      }),
    );
    await expect(loadIvr(file)).rejects.toThrow(`invalid IVR ${file}:\n  nodes.main.options.3: unknown node "foo"`);
  });
});

const PROMPT_DONE: Input = { type: 'prompt_done' };
const TIMEOUT: Input = { type: 'timeout' };
const key = (digit: string): Input => ({ type: 'dtmf', digit });
const shanghai = (local: string) => DateTime.fromISO(local, { zone: 'Asia/Shanghai' }).toMillis();

function walk(ivr: Ivr, now: number, inputs: readonly Input[]): Step {
  return inputs.reduce((s, input) => next(ivr, s.state, input, now), start(ivr, now));
}

describe('the shipped config/ivr.json (default 12345 menu)', () => {
  let ivr: Ivr;
  beforeAll(async () => {
    const loaded = await loadIvr(configFile('ivr.json'));
    expect(loaded.warnings).toEqual([]);
    ivr = loaded.ivr;
  });
  const weekdayMorning = shanghai('2026-03-02T09:00');

  it('after hours: closed message, then hang up', () => {
    const step = walk(ivr, shanghai('2026-03-02T23:00'), [PROMPT_DONE]);
    expect(visitedNodes(step.state)).toEqual(['hours', 'closed']);
    expect(step.actions).toEqual([{ type: 'hangup', reason: 'message_done' }]);
  });

  it('closed on National Day, open on the 调休 Saturday after it', () => {
    expect(start(ivr, shanghai('2026-10-02T10:00')).state.nodeId).toBe('closed');
    expect(start(ivr, shanghai('2026-10-10T08:30')).state.nodeId).toBe('welcome');
    expect(start(ivr, shanghai('2026-10-17T08:30')).state.nodeId).toBe('closed'); // ordinary Saturday, opens 09:00
  });

  it.each([
    ['1', { type: 'queued', queueId: 'general', priority: 0, skill: 'general' }],
    ['2', { type: 'queued', queueId: 'complaint', priority: 0 }],
    ['0', { type: 'queued', queueId: 'general', priority: 1, skill: 'general' }],
  ])('key %s -> %j', (digit, outcome) => {
    const step = walk(ivr, weekdayMorning, [PROMPT_DONE, key(digit)]);
    expect(outcomeOf(step.state)).toStrictEqual(outcome);
  });

  it('3 plays the self-service message and returns to the main menu', () => {
    const step = walk(ivr, weekdayMorning, [PROMPT_DONE, key('3'), key('1'), PROMPT_DONE]);
    expect(visitedNodes(step.state)).toEqual(['hours', 'welcome', 'main', 'self-service', 'main']);
    expect(step.state.cursor).toMatchObject({ phase: 'prompting', failures: 0 });
  });

  it('three wrong keys or silences: goodbye message, then hang up', () => {
    const step = walk(ivr, weekdayMorning, [PROMPT_DONE, key('7'), PROMPT_DONE, TIMEOUT, key('*'), PROMPT_DONE]);
    expect(visitedNodes(step.state)).toEqual(['hours', 'welcome', 'main', 'goodbye']);
    expect(step.actions).toEqual([{ type: 'hangup', reason: 'message_done' }]);
  });
});

describe('the shipped config/survey.json', () => {
  let ivr: Ivr;
  beforeAll(async () => {
    const loaded = await loadIvr(configFile('survey.json'));
    expect(loaded.warnings).toEqual([]);
    ivr = loaded.ivr;
  });
  const now = shanghai('2026-03-02T09:00');
  const result = (step: Step) => surveyResultFromDigit(lastAcceptedKey(step.state, 'survey'));

  it.each([
    ['1', 'satisfied'],
    ['2', 'basically_satisfied'],
    ['3', 'dissatisfied'],
  ])('key %s -> %s, thanks, hang up', (digit, answer) => {
    const pressed = walk(ivr, now, [key(digit)]);
    expect(result(pressed)).toBe(answer);
    expect(next(ivr, pressed.state, PROMPT_DONE, now).actions).toEqual([{ type: 'hangup', reason: 'message_done' }]);
  });

  it('waits 5 s with no retry: silence ends the survey as no_answer', () => {
    const prompted = walk(ivr, now, [PROMPT_DONE]);
    expect(prompted.actions).toEqual([{ type: 'start_timer', id: 'tm-2', ms: 5000 }]);
    const silent = next(ivr, prompted.state, TIMEOUT, now);
    expect(silent.actions).toEqual([{ type: 'hangup', reason: 'hangup_node' }]);
    expect(result(silent)).toBe('no_answer');
  });

  it('a wrong key ends it as no_answer (no retries)', () => {
    const step = walk(ivr, now, [PROMPT_DONE, key('5')]);
    expect(step.actions.at(-1)).toEqual({ type: 'hangup', reason: 'hangup_node' });
    expect(result(step)).toBe('no_answer');
  });

  it('a caller who hangs up during the question is no_answer', () => {
    const step = cancel(ivr, start(ivr, now).state, now);
    expect(result(step)).toBe('no_answer');
  });
});
