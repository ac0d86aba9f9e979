import { parseIvr } from '@hotline/callflow';
import { describe, expect, it } from 'vitest';
import { FakeCallControl } from '../ari/fake-call-control.js';
import { PostCallSurvey, type SurveyResult } from './survey.js';

// A survey whose prompt finishes at once (the fake's playbacks do) and then waits 50 ms for a key.
const { ivr } = parseIvr({
  start: 'survey',
  nodes: {
    survey: { type: 'menu', prompts: ['q'], options: { '1': 'thanks', '2': 'thanks', '3': 'thanks' }, timeoutSec: 0.05, maxRetries: 0, invalidPrompt: ['x'], onFailure: 'end' },
    thanks: { type: 'message', prompts: ['t'], then: 'hangup' },
    end: { type: 'hangup' },
  },
}, 'test');

const run = async (act: (s: PostCallSurvey) => Promise<void> | void) => {
  const control = new FakeCallControl();
  const results: SurveyResult[] = [];
  const survey = new PostCallSurvey(ivr, 'c1', control, async (r) => void results.push(r), (err) => { throw err; });
  survey.start();
  await act(survey);
  await new Promise((r) => setTimeout(r, 150));
  return { results, control };
};

describe('PostCallSurvey', () => {
  it('key 1: satisfied, then the caller is hung up', async () => {
    const { results, control } = await run(async (s) => {
      await new Promise((r) => setTimeout(r, 10));
      s.dtmf('1');
    });
    expect(results).toEqual(['satisfied']);
    expect(control.methods()).toContain('hangup');
  });

  it('no key: no_answer', async () => {
    expect((await run(() => undefined)).results).toEqual(['no_answer']);
  });

  it('the caller hangs up during it: no_answer, reported once', async () => {
    const { results } = await run((s) => s.callerLeft());
    expect(results).toEqual(['no_answer']);
  });
});
