import { describe, expect, it } from 'vitest';
import * as callflow from './index.js';

describe('@hotline/callflow public API', () => {
  it('exports the walker, the loaders, business hours and the survey helper', () => {
    for (const name of ['start', 'next', 'cancel', 'parseIvr', 'safeParseIvr', 'loadIvr', 'validateIvr', 'isOpen', 'surveyResultFromDigit', 'lastAcceptedKey', 'isEnded', 'outcomeOf']) {
      expect(typeof (callflow as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(callflow.IvrConfigError.prototype).toBeInstanceOf(Error);
  });
});
