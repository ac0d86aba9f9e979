import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Action, Input } from './actions.js';
import type { Ivr } from './ivr-schema.js';
import { parseIvr } from './parse-ivr.js';
import { isEnded, lastAcceptedKey, outcomeOf, visitedNodes } from './walk-state.js';
import type { Step, WalkState } from './walk-state.js';
import { cancel, next, start } from './walker.js';

const at = (local: string) => DateTime.fromISO(local, { zone: 'Asia/Shanghai' }).toMillis();
/** Monday 10:00 in Shanghai: open. */
const OPEN = at('2026-03-02T10:00');
/** Monday 23:00: closed. */
const CLOSED = at('2026-03-02T23:00');

const weekday = [['08:00', '22:00']];
const { ivr: hotline } = parseIvr({
  start: 'hours',
  nodes: {
    hours: {
      type: 'hours',
      weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
      holidays: ['2026-10-01'],
      extraWorkdays: ['2026-10-10'],
      open: 'welcome',
      closed: 'closed',
    },
    closed: { type: 'message', prompts: ['ss-noservice', 'vm-goodbye'], then: 'hangup' },
    welcome: { type: 'play', prompts: 'hello-world', next: 'main' },
    main: {
      type: 'menu',
      prompts: 'vm-enter-num-to-call',
      options: { '1': 'general', '2': 'complaint', '3': 'info', '0': 'operator', '9': 'out', '#': 'bye' },
      maxRetries: 2,
      invalidPrompt: 'pbx-invalid',
      timeoutPrompt: 'please-try-again',
      onFailure: 'goodbye',
    },
    general: { type: 'queue', queueId: 'general', skill: 'general' },
    complaint: { type: 'queue', queueId: 'complaint' },
    operator: { type: 'queue', queueId: 'general', priority: 1, skill: 'general' },
    info: { type: 'message', prompts: 'demo-thanks', then: 'main' },
    out: { type: 'transfer', number: '12319' },
    bye: { type: 'hangup' },
    goodbye: { type: 'message', prompts: 'vm-goodbye', then: 'hangup' },
  },
});

const PROMPT_DONE: Input = { type: 'prompt_done' };
const TIMEOUT: Input = { type: 'timeout' };
const key = (digit: string): Input => ({ type: 'dtmf', digit });

/** Feeds inputs one by one (all at `now`) and returns the last step. */
function feed(ivr: Ivr, step: Step, inputs: readonly Input[], now = OPEN): Step {
  return inputs.reduce((s, input) => next(ivr, s.state, input, now), step);
}

/** The hotline waiting in the main menu's first prompt. */
function atMainMenu(now = OPEN): Step {
  return feed(hotline, start(hotline, now), [PROMPT_DONE], now);
}

/** The hotline waiting for a key after the main menu's first prompt. */
function waitingInMainMenu(now = OPEN): Step {
  return feed(hotline, atMainMenu(now), [PROMPT_DONE], now);
}

function cursorOf(step: Step) {
  return step.state.cursor;
}

function playbackId(step: Step): string {
  const cursor = step.state.cursor;
  if (cursor.phase !== 'playing' && cursor.phase !== 'prompting') throw new Error(`not playing: ${cursor.phase}`);
  return cursor.playbackId;
}

function timerId(step: Step): string {
  const cursor = step.state.cursor;
  if (cursor.phase !== 'waiting') throw new Error(`not waiting: ${cursor.phase}`);
  return cursor.timerId;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('start', () => {
  it('during business hours: the hours switch opens, the welcome plays uninterruptible', () => {
    const step = start(hotline, OPEN);
    expect(step.actions).toEqual([{ type: 'play', id: 'pb-1', prompts: ['hello-world'], interruptible: false }]);
    expect(step.state).toEqual({
      nodeId: 'welcome',
      cursor: { phase: 'playing', playbackId: 'pb-1' },
      seq: 1,
      path: [
        { type: 'enter', nodeId: 'hours', at: OPEN },
        { type: 'hours', nodeId: 'hours', open: true, at: OPEN },
        { type: 'enter', nodeId: 'welcome', at: OPEN },
      ],
    });
  });

  it('after hours: the closed message plays, then the IVR hangs up', () => {
    const first = start(hotline, CLOSED);
    expect(first.state.nodeId).toBe('closed');
    expect(first.state.path[1]).toEqual({ type: 'hours', nodeId: 'hours', open: false, at: CLOSED });
    expect(first.actions).toEqual([
      { type: 'play', id: 'pb-1', prompts: ['ss-noservice', 'vm-goodbye'], interruptible: false },
    ]);
    const done = next(hotline, first.state, PROMPT_DONE, CLOSED + 4000);
    expect(done.actions).toEqual([{ type: 'hangup', reason: 'message_done' }]);
    expect(isEnded(done.state)).toBe(true);
    expect(outcomeOf(done.state)).toEqual({ type: 'hung_up', reason: 'message_done' });
  });

  it.each([
    ['2026-03-02T07:59:59.999', 'closed'],
    ['2026-03-02T08:00:00.000', 'welcome'],
    ['2026-03-02T21:59:59.999', 'welcome'],
    ['2026-03-02T22:00:00.000', 'closed'],
    ['2026-03-03T00:00:00.000', 'closed'],
    ['2026-03-07T10:00', 'closed'], // Saturday
    ['2026-10-01T10:00', 'closed'], // National Day, a Thursday
    ['2026-10-10T10:00', 'welcome'], // Saturday worked in exchange (调休)
  ])('hours switch at %s goes to %s', (local, nodeId) => {
    expect(start(hotline, at(local)).state.nodeId).toBe(nodeId);
  });

  it('starts directly in a menu when start is a menu', () => {
    const { ivr } = parseIvr({
      start: 'm',
      nodes: { m: { type: 'menu', prompts: 'x', options: { '1': 'b' }, invalidPrompt: 'pbx-invalid', onFailure: 'b' }, b: { type: 'hangup' } },
    });
    const step = start(ivr, 0);
    expect(step.actions).toEqual([{ type: 'play', id: 'pb-1', prompts: ['x'], interruptible: true }]);
    expect(step.state.cursor).toEqual({ phase: 'prompting', playbackId: 'pb-1', failures: 0 });
  });

  it.each([
    ['queue', { type: 'queue', queueId: 'general' }, { type: 'enqueue', queueId: 'general', priority: 0 }],
    ['transfer', { type: 'transfer', number: '+8675512345' }, { type: 'transfer', number: '+8675512345' }],
    ['hangup', { type: 'hangup' }, { type: 'hangup', reason: 'hangup_node' }],
  ])('a %s start node ends the IVR at once', (_name, node, action) => {
    const { ivr } = parseIvr({ start: 's', nodes: { s: node } });
    const step = start(ivr, 0);
    expect(step.actions).toStrictEqual([action]);
    expect(isEnded(step.state)).toBe(true);
  });
});

describe('play node', () => {
  it('ignores keys while it plays (not interruptible)', () => {
    const welcome = start(hotline, OPEN);
    const pressed = next(hotline, welcome.state, key('1'), OPEN + 500);
    expect(pressed.actions).toEqual([]);
    expect(pressed.state).toBe(welcome.state);
  });

  it('ignores a timeout (it never started a timer)', () => {
    const welcome = start(hotline, OPEN);
    expect(next(hotline, welcome.state, TIMEOUT, OPEN).state).toBe(welcome.state);
  });

  it('goes to next when its prompt is done', () => {
    const welcome = start(hotline, OPEN);
    const step = next(hotline, welcome.state, { type: 'prompt_done', playbackId: 'pb-1' }, OPEN + 3000);
    expect(step.state.nodeId).toBe('main');
    expect(step.actions).toEqual([{ type: 'play', id: 'pb-2', prompts: ['vm-enter-num-to-call'], interruptible: true }]);
  });

  it('ignores the end of some other playback', () => {
    const welcome = start(hotline, OPEN);
    const stale = next(hotline, welcome.state, { type: 'prompt_done', playbackId: 'pb-0' }, OPEN);
    expect(stale.actions).toEqual([]);
    expect(stale.state).toBe(welcome.state);
  });
});

describe('menu node: prompt and wait', () => {
  it('starts the key timer (timeoutSec) when the prompt is done', () => {
    const step = next(hotline, atMainMenu().state, PROMPT_DONE, OPEN);
    expect(step.actions).toEqual([{ type: 'start_timer', id: 'tm-3', ms: 5000 }]);
    expect(cursorOf(step)).toEqual({ phase: 'waiting', timerId: 'tm-3', failures: 0 });
  });

  it('uses fractional timeouts in ms', () => {
    const { ivr } = parseIvr({
      start: 'm',
      nodes: { m: { type: 'menu', prompts: 'x', options: { '1': 'b' }, timeoutSec: 2.5, invalidPrompt: 'y', onFailure: 'b' }, b: { type: 'hangup' } },
    });
    expect(feed(ivr, start(ivr, 0), [PROMPT_DONE]).actions).toEqual([{ type: 'start_timer', id: 'tm-2', ms: 2500 }]);
  });

  it('a key during the prompt stops the playback, then is handled', () => {
    const menu = atMainMenu();
    const step = next(hotline, menu.state, key('1'), OPEN + 1000);
    expect(step.actions).toStrictEqual([
      { type: 'stop_playback', id: playbackId(menu) },
      { type: 'enqueue', queueId: 'general', priority: 0, skill: 'general' },
    ]);
    expect(outcomeOf(step.state)).toStrictEqual({ type: 'queued', queueId: 'general', priority: 0, skill: 'general' });
  });

  it('a key while waiting cancels the timer, then is handled', () => {
    const waiting = waitingInMainMenu();
    const step = next(hotline, waiting.state, key('1'), OPEN + 1000);
    expect(step.actions).toStrictEqual([
      { type: 'cancel_timer', id: timerId(waiting) },
      { type: 'enqueue', queueId: 'general', priority: 0, skill: 'general' },
    ]);
  });

  it.each<[string, Action]>([
    ['1', { type: 'enqueue', queueId: 'general', priority: 0, skill: 'general' }],
    ['2', { type: 'enqueue', queueId: 'complaint', priority: 0 }],
    ['0', { type: 'enqueue', queueId: 'general', priority: 1, skill: 'general' }],
    ['9', { type: 'transfer', number: '12319' }],
    ['#', { type: 'hangup', reason: 'hangup_node' }],
  ])('key %s ends the IVR with %j', (digit, action) => {
    const step = next(hotline, waitingInMainMenu().state, key(digit), OPEN);
    expect(step.actions.slice(1)).toStrictEqual([action]);
    expect(isEnded(step.state)).toBe(true);
  });

  it('records the outcome of a transfer and a hangup node', () => {
    expect(outcomeOf(next(hotline, waitingInMainMenu().state, key('9'), OPEN).state)).toEqual({
      type: 'transferred',
      number: '12319',
    });
    expect(outcomeOf(next(hotline, waitingInMainMenu().state, key('#'), OPEN).state)).toEqual({
      type: 'hung_up',
      reason: 'hangup_node',
    });
  });

  it('ignores a timeout while prompting and a prompt_done while waiting', () => {
    const menu = atMainMenu();
    expect(next(hotline, menu.state, TIMEOUT, OPEN).state).toBe(menu.state);
    const waiting = waitingInMainMenu();
    expect(next(hotline, waiting.state, PROMPT_DONE, OPEN).state).toBe(waiting.state);
  });

  it('ignores a timer that is not the current one (cancelled but already fired)', () => {
    const waiting = waitingInMainMenu();
    const stale = next(hotline, waiting.state, { type: 'timeout', timerId: 'tm-1' }, OPEN);
    expect(stale.actions).toEqual([]);
    expect(stale.state).toBe(waiting.state);
  });
});

describe('menu node: wrong keys, timeouts and retries', () => {
  it('a wrong key plays invalidPrompt then the menu again, interruptible', () => {
    const waiting = waitingInMainMenu();
    const step = next(hotline, waiting.state, key('7'), OPEN);
    expect(step.actions).toEqual([
      { type: 'cancel_timer', id: timerId(waiting) },
      { type: 'play', id: 'pb-4', prompts: ['pbx-invalid', 'vm-enter-num-to-call'], interruptible: true },
    ]);
    expect(cursorOf(step)).toEqual({ phase: 'prompting', playbackId: 'pb-4', failures: 1 });
    expect(step.state.path.at(-1)).toEqual({ type: 'key', nodeId: 'main', digit: '7', accepted: false, at: OPEN });
  });

  it('a wrong key during the prompt stops it before the invalid prompt', () => {
    const menu = atMainMenu();
    expect(next(hotline, menu.state, key('5'), OPEN).actions).toEqual([
      { type: 'stop_playback', id: 'pb-2' },
      { type: 'play', id: 'pb-3', prompts: ['pbx-invalid', 'vm-enter-num-to-call'], interruptible: true },
    ]);
  });

  it('keys that are not phone keys count as wrong keys', () => {
    const step = next(hotline, waitingInMainMenu().state, key('A'), OPEN);
    expect(cursorOf(step)).toMatchObject({ phase: 'prompting', failures: 1 });
  });

  it('a timeout plays timeoutPrompt then the menu again', () => {
    const waiting = waitingInMainMenu();
    const step = next(hotline, waiting.state, { type: 'timeout', timerId: timerId(waiting) }, OPEN + 5000);
    expect(step.actions).toEqual([
      { type: 'play', id: 'pb-4', prompts: ['please-try-again', 'vm-enter-num-to-call'], interruptible: true },
    ]);
    expect(step.state.path.at(-1)).toEqual({ type: 'timeout', nodeId: 'main', at: OPEN + 5000 });
  });

  it('without timeoutPrompt a timeout just replays the menu', () => {
    const { ivr } = parseIvr({
      start: 'm',
      nodes: { m: { type: 'menu', prompts: ['a', 'b'], options: { '1': 'x' }, invalidPrompt: 'c', onFailure: 'x' }, x: { type: 'hangup' } },
    });
    const step = feed(ivr, start(ivr, 0), [PROMPT_DONE, TIMEOUT]);
    expect(step.actions).toEqual([{ type: 'play', id: 'pb-3', prompts: ['a', 'b'], interruptible: true }]);
  });

  it('after maxRetries replays, the next failure goes to onFailure (wrong keys and timeouts count together)', () => {
    // maxRetries 2: three tries in all.
    let step = waitingInMainMenu();
    step = feed(hotline, step, [key('7'), PROMPT_DONE]);
    expect(cursorOf(step)).toMatchObject({ phase: 'waiting', failures: 1 });
    step = feed(hotline, step, [TIMEOUT, PROMPT_DONE]);
    expect(cursorOf(step)).toMatchObject({ phase: 'waiting', failures: 2 });
    step = next(hotline, step.state, key('8'), OPEN);
    expect(step.state.nodeId).toBe('goodbye');
    expect(step.actions).toEqual([
      { type: 'cancel_timer', id: 'tm-7' },
      { type: 'play', id: 'pb-8', prompts: ['vm-goodbye'], interruptible: false },
    ]);
    step = next(hotline, step.state, PROMPT_DONE, OPEN);
    expect(step.actions).toEqual([{ type: 'hangup', reason: 'message_done' }]);
    expect(visitedNodes(step.state)).toEqual(['hours', 'welcome', 'main', 'goodbye']);
  });

  it('three timeouts in a row go to onFailure', () => {
    const step = feed(hotline, waitingInMainMenu(), [TIMEOUT, PROMPT_DONE, TIMEOUT, PROMPT_DONE, TIMEOUT]);
    expect(step.state.nodeId).toBe('goodbye');
    expect(step.state.path.filter((e) => e.type === 'timeout')).toHaveLength(3);
  });

  it('a right key after failures still counts', () => {
    const step = feed(hotline, waitingInMainMenu(), [key('7'), PROMPT_DONE, TIMEOUT, key('2')]);
    expect(step.actions).toStrictEqual([
      { type: 'stop_playback', id: 'pb-6' },
      { type: 'enqueue', queueId: 'complaint', priority: 0 },
    ]);
  });

  it('the default maxRetries (3) gives four tries', () => {
    const { ivr } = parseIvr({
      start: 'm',
      nodes: { m: { type: 'menu', prompts: 'x', options: { '1': 'q' }, invalidPrompt: 'y', onFailure: 'bye' }, q: { type: 'queue', queueId: 'g' }, bye: { type: 'hangup' } },
    });
    const three = feed(ivr, start(ivr, 0), [key('5'), key('5'), key('5')]);
    expect(cursorOf(three)).toMatchObject({ phase: 'prompting', failures: 3 });
    const four = next(ivr, three.state, key('5'), 0);
    expect(four.actions.at(-1)).toEqual({ type: 'hangup', reason: 'hangup_node' });
  });

  it('maxRetries 0: the first failure goes to onFailure', () => {
    const { ivr } = parseIvr({
      start: 'm',
      nodes: { m: { type: 'menu', prompts: 'x', options: { '1': 'q' }, maxRetries: 0, invalidPrompt: 'y', onFailure: 'bye' }, q: { type: 'queue', queueId: 'g' }, bye: { type: 'hangup' } },
    });
    expect(feed(ivr, start(ivr, 0), [PROMPT_DONE, TIMEOUT]).actions).toEqual([{ type: 'hangup', reason: 'hangup_node' }]);
    expect(feed(ivr, start(ivr, 0), [key('9')]).actions).toEqual([
      { type: 'stop_playback', id: 'pb-1' },
      { type: 'hangup', reason: 'hangup_node' },
    ]);
  });

  it('drops the end of the interrupted playback (PlaybackFinished after a stop)', () => {
    const menu = atMainMenu();
    const retry = next(hotline, menu.state, key('7'), OPEN); // stops pb-2, plays pb-3
    const stale = next(hotline, retry.state, { type: 'prompt_done', playbackId: playbackId(menu) }, OPEN);
    expect(stale.actions).toEqual([]);
    expect(stale.state).toBe(retry.state);
    const real = next(hotline, retry.state, { type: 'prompt_done', playbackId: playbackId(retry) }, OPEN);
    expect(real.actions).toEqual([{ type: 'start_timer', id: 'tm-4', ms: 5000 }]);
  });
});

describe('message node', () => {
  it('plays self-service info uninterruptible, then returns to the menu with a fresh retry count', () => {
    let step = feed(hotline, waitingInMainMenu(), [key('7'), PROMPT_DONE]); // one failure
    step = next(hotline, step.state, key('3'), OPEN);
    expect(step.state.nodeId).toBe('info');
    expect(step.actions.at(-1)).toEqual({ type: 'play', id: 'pb-6', prompts: ['demo-thanks'], interruptible: false });
    expect(next(hotline, step.state, key('1'), OPEN).state).toBe(step.state);
    step = next(hotline, step.state, PROMPT_DONE, OPEN);
    expect(step.state.nodeId).toBe('main');
    expect(cursorOf(step)).toEqual({ phase: 'prompting', playbackId: 'pb-7', failures: 0 });
    expect(step.actions).toEqual([{ type: 'play', id: 'pb-7', prompts: ['vm-enter-num-to-call'], interruptible: true }]);
  });

  it('then "hangup" hangs up after the prompt', () => {
    const step = feed(hotline, start(hotline, CLOSED), [PROMPT_DONE], CLOSED);
    expect(step.actions).toEqual([{ type: 'hangup', reason: 'message_done' }]);
  });
});

describe('after the end', () => {
  it.each<Input>([PROMPT_DONE, TIMEOUT, key('1')])('ignores %j', (input) => {
    const ended = next(hotline, waitingInMainMenu().state, key('1'), OPEN);
    const after = next(hotline, ended.state, input, OPEN);
    expect(after.actions).toEqual([]);
    expect(after.state).toBe(ended.state);
  });
});

describe('cancel (the caller hung up)', () => {
  it('during a play: stops the playback and ends as cancelled', () => {
    const welcome = start(hotline, OPEN);
    const step = cancel(hotline, welcome.state, OPEN + 1200);
    expect(step.actions).toEqual([{ type: 'stop_playback', id: 'pb-1' }]);
    expect(outcomeOf(step.state)).toEqual({ type: 'cancelled', reason: 'caller_hangup' });
    expect(step.state.nodeId).toBe('welcome');
    expect(step.state.path.at(-1)).toEqual({ type: 'cancel', nodeId: 'welcome', reason: 'caller_hangup', at: OPEN + 1200 });
  });

  it('during a menu prompt: stops the playback', () => {
    expect(cancel(hotline, atMainMenu().state, OPEN).actions).toEqual([{ type: 'stop_playback', id: 'pb-2' }]);
  });

  it('while a menu waits: cancels the timer', () => {
    expect(cancel(hotline, waitingInMainMenu().state, OPEN).actions).toEqual([{ type: 'cancel_timer', id: 'tm-3' }]);
  });

  it('takes another reason', () => {
    expect(outcomeOf(cancel(hotline, atMainMenu().state, OPEN, 'supervisor').state)).toEqual({
      type: 'cancelled',
      reason: 'supervisor',
    });
  });

  it('does nothing once the walk has ended', () => {
    const ended = next(hotline, waitingInMainMenu().state, key('1'), OPEN);
    const step = cancel(hotline, ended.state, OPEN);
    expect(step.actions).toEqual([]);
    expect(step.state).toBe(ended.state);
  });

  it('then ignores late reports', () => {
    const cancelled = cancel(hotline, atMainMenu().state, OPEN);
    expect(next(hotline, cancelled.state, PROMPT_DONE, OPEN).actions).toEqual([]);
  });
});

describe('the journey and the state', () => {
  it('records every node, key and timeout with its time', () => {
    const t = (s: number) => OPEN + s * 1000;
    let step = start(hotline, t(0));
    step = next(hotline, step.state, PROMPT_DONE, t(3));
    step = next(hotline, step.state, PROMPT_DONE, t(6));
    step = next(hotline, step.state, TIMEOUT, t(11));
    step = next(hotline, step.state, key('3'), t(12));
    step = next(hotline, step.state, PROMPT_DONE, t(20));
    step = next(hotline, step.state, key('6'), t(21));
    step = next(hotline, step.state, key('0'), t(22));
    expect(step.state.path).toEqual([
      { type: 'enter', nodeId: 'hours', at: t(0) },
      { type: 'hours', nodeId: 'hours', open: true, at: t(0) },
      { type: 'enter', nodeId: 'welcome', at: t(0) },
      { type: 'enter', nodeId: 'main', at: t(3) },
      { type: 'timeout', nodeId: 'main', at: t(11) },
      { type: 'key', nodeId: 'main', digit: '3', accepted: true, at: t(12) },
      { type: 'enter', nodeId: 'info', at: t(12) },
      { type: 'enter', nodeId: 'main', at: t(20) },
      { type: 'key', nodeId: 'main', digit: '6', accepted: false, at: t(21) },
      { type: 'key', nodeId: 'main', digit: '0', accepted: true, at: t(22) },
      { type: 'enter', nodeId: 'operator', at: t(22) },
    ]);
    expect(visitedNodes(step.state)).toEqual(['hours', 'welcome', 'main', 'info', 'main', 'operator']);
    expect(lastAcceptedKey(step.state)).toBe('0');
    expect(lastAcceptedKey(step.state, 'main')).toBe('0');
  });

  it('never reuses a playback or timer id within a call', () => {
    const ids: string[] = [];
    let step = start(hotline, OPEN);
    const collect = (s: Step) => {
      for (const a of s.actions) if (a.type === 'play' || a.type === 'start_timer') ids.push(a.id);
    };
    collect(step);
    for (const input of [PROMPT_DONE, PROMPT_DONE, TIMEOUT, PROMPT_DONE, key('3'), PROMPT_DONE, PROMPT_DONE, key('7'), PROMPT_DONE]) {
      step = next(hotline, step.state, input, OPEN);
      collect(step);
    }
    expect(ids.length).toBeGreaterThan(6);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('does not mutate the state it is given', () => {
    const frozen = deepFreeze(waitingInMainMenu().state);
    const copy = structuredClone(frozen);
    next(hotline, frozen, key('7'), OPEN);
    next(hotline, frozen, key('1'), OPEN);
    cancel(hotline, frozen, OPEN);
    expect(frozen).toEqual(copy);
  });

  it('is plain JSON: a state read back from Redis continues the same way', () => {
    const waiting = waitingInMainMenu();
    const revived = JSON.parse(JSON.stringify(waiting.state)) as WalkState;
    expect(next(hotline, revived, key('7'), OPEN)).toEqual(next(hotline, waiting.state, key('7'), OPEN));
  });

  it('is deterministic', () => {
    expect(start(hotline, OPEN)).toEqual(start(hotline, OPEN));
  });
});

describe('a broken IVR (built by hand, skipping validation) ends the call with ivr_error, never a throw', () => {
  const hand = (nodes: Ivr['nodes'], extra: Partial<Ivr> = {}): Ivr => ({ timezone: 'Asia/Shanghai', start: 'a', nodes, ...extra });

  it('a missing start node', () => {
    const step = start(hand({}), 0);
    expect(step.actions).toEqual([{ type: 'hangup', reason: 'ivr_error' }]);
    expect(outcomeOf(step.state)).toEqual({ type: 'hung_up', reason: 'ivr_error' });
    expect(step.state.path.at(-1)).toEqual({ type: 'error', nodeId: 'a', message: 'unknown node "a"', at: 0 });
  });

  it('a missing target', () => {
    const ivr = hand({ a: { type: 'play', prompts: ['x'], next: 'ghost' } });
    const step = next(ivr, start(ivr, 0).state, PROMPT_DONE, 0);
    expect(step.actions).toEqual([{ type: 'hangup', reason: 'ivr_error' }]);
    expect(step.state.nodeId).toBe('ghost');
  });

  it('a state whose node is gone (the IVR file changed mid-call)', () => {
    const waiting = waitingInMainMenu();
    const { ivr: other } = parseIvr({ start: 'x', nodes: { x: { type: 'hangup' } } });
    expect(next(other, waiting.state, key('1'), OPEN).actions).toEqual([{ type: 'hangup', reason: 'ivr_error' }]);
  });

  it('a loop of hours switches', () => {
    const ivr = hand({ a: { type: 'hours', weekly: {}, holidays: [], extraWorkdays: [], open: 'a', closed: 'a' } });
    const step = start(ivr, 0);
    expect(step.actions).toEqual([{ type: 'hangup', reason: 'ivr_error' }]);
    expect(step.state.path.at(-1)).toMatchObject({ type: 'error', message: 'more than 64 nodes without waiting: a loop' });
  });

  it('a node that throws (an unknown time zone)', () => {
    const ivr = hand(
      { a: { type: 'hours', weekly: {}, holidays: [], extraWorkdays: [], open: 'b', closed: 'b' }, b: { type: 'hangup' } },
      { timezone: 'Nowhere/Nothing' },
    );
    const step = start(ivr, 0);
    expect(step.actions).toEqual([{ type: 'hangup', reason: 'ivr_error' }]);
    expect(step.state.path.at(-1)).toMatchObject({ type: 'error', nodeId: 'a' });
  });
});
