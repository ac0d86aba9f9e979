import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { maskPhoneNumber, maskPhoneNumbers, maskQueryTokens } from './redact.js';

/** A logger writing its JSON lines into an array. */
function capture(): { lines: Record<string, any>[]; log: ReturnType<typeof createLogger> } {
  const lines: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, any>);
      done();
    },
  });
  return { lines, log: createLogger('test', 'debug', sink) };
}

describe('maskPhoneNumber', () => {
  it.each([
    ['13800000001', '138****0001'],
    ['+8613800000001', '+861******0001'],
    ['0898123456', '******3456'],
    ['0898-123456', '****-**3456'],
    ['138 0013 8000', '138 **** 8000'],
    ['6543210', '***3210'],
    ['12345', '12345'],
  ])('%s -> %s', (number, masked) => {
    expect(maskPhoneNumber(number)).toBe(masked);
  });
});

describe('maskPhoneNumbers in free text', () => {
  it('masks numbers in a URL and a message', () => {
    expect(maskPhoneNumbers('/callers/13800000001/history?x=1')).toBe('/callers/138****0001/history?x=1');
    expect(maskPhoneNumbers('no call from 13912345678 or 0898123456')).toBe('no call from 139****5678 or ******3456');
  });

  it('keeps short service numbers, Asterisk channel ids, hex and timestamps inside words', () => {
    const text = 'dialed 12345 channel 1712345678.42 sha 9f86d081884c7d659a2feaa0c55ad015 id abc13800000001';
    expect(maskPhoneNumbers(text)).toBe(text);
  });
});

describe('maskQueryTokens', () => {
  it('removes the SSE access token from a URL', () => {
    expect(maskQueryTokens('/realtime?x=1&access_token=hl_abc.def&y=2')).toBe('/realtime?x=1&access_token=[redacted]&y=2');
  });
});

describe('createLogger masks caller numbers', () => {
  it('in call fields, child bindings, nested payloads, URLs and errors', () => {
    const { lines, log } = capture();
    log.info({ caller: '13800000001', dialed: '12345' }, 'call arrived');
    log.child({ callId: '1712345678.42', caller: '13800000002' }).warn('waiting');
    log.info({ event: { type: 'call.arrived', caller: '13800000003' } }, 'event');
    log.info({ req: { method: 'GET', url: '/callers/13800000004/history' } }, 'incoming request');
    log.error({ err: new Error('no ticket for 13800000005') }, 'failed');
    log.info({ callback: { number: '13800000006' }, contact: '138 0013 8000' }, 'callback');
    log.info({ from: 'ready', to: 'busy', agentId: 'a1' }, 'agent state');

    expect(lines[0]).toMatchObject({ caller: '138****0001', dialed: '12345' });
    expect(lines[1]).toMatchObject({ caller: '138****0002', callId: '1712345678.42' });
    expect(lines[2]!.event.caller).toBe('138****0003');
    expect(lines[3]!.req.url).toBe('/callers/138****0004/history');
    expect(lines[4]!.err.message).toBe('no ticket for 138****0005');
    expect(lines[4]!.err.stack).not.toContain('13800000005');
    expect(lines[5]!.callback.number).toBe('138****0006');
    expect(lines[5]!.contact).toBe('138 **** 8000');
    expect(lines[6]).toMatchObject({ from: 'ready', to: 'busy', agentId: 'a1' });
    expect(JSON.stringify(lines)).not.toMatch(/1380000000\d/);
  });
});
