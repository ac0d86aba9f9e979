import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const c = loadConfig(['db', 'redis', 'site'], {});
    expect(c.db.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/hotline');
    expect(c.redis.REDIS_PREFIX).toBe('hotline');
    expect(c.site.SL_THRESHOLDS_SEC).toEqual([15, 30]);
    expect(c.site.SITE_TZ).toBe('Asia/Shanghai');
  });

  it('parses and sorts thresholds', () => {
    expect(loadConfig(['site'], { SL_THRESHOLDS_SEC: '30, 15,20' }).site.SL_THRESHOLDS_SEC).toEqual([15, 20, 30]);
  });

  it('names every bad variable and what it got', () => {
    const run = () =>
      loadConfig(['api', 'ari', 'site'], { API_PORT: 'eighty', SITE_TZ: 'Mars/Olympus', ARI_PASSWORD: 'x' });
    expect(run).toThrow(ConfigError);
    try {
      run();
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('API_PORT');
      expect(msg).toContain('(got "eighty")');
      expect(msg).toContain('SITE_TZ');
      expect(msg).toContain('ARI_PASSWORD');
    }
  });

  it('records calls unless RECORD_CALLS is off, and refuses anything but on/off', () => {
    expect(loadConfig(['recordings'], {}).recordings.RECORD_CALLS).toBe('on');
    expect(loadConfig(['recordings'], { RECORD_CALLS: 'off' }).recordings.RECORD_CALLS).toBe('off');
    expect(() => loadConfig(['recordings'], { RECORD_CALLS: 'false' })).toThrow(/RECORD_CALLS: .*\(got "false"\)/);
  });

  it('puts the controller ahead of Asterisk (nice -10) unless CONTROLLER_NICE says otherwise, within -20..19', () => {
    expect(loadConfig(['controller'], {}).controller.CONTROLLER_NICE).toBe(-10);
    expect(loadConfig(['controller'], { CONTROLLER_NICE: '0' }).controller.CONTROLLER_NICE).toBe(0);
    expect(() => loadConfig(['controller'], { CONTROLLER_NICE: '-21' })).toThrow(/CONTROLLER_NICE: .*\(got "-21"\)/);
  });

  it('reports a required variable that is missing', () => {
    expect(() => loadConfig(['ari'], {})).toThrow(/ARI_PASSWORD: .*\(not set\)/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(['api'], { API_PORT: '' }).api.API_PORT).toBe(3000);
  });

  it('only validates the sections asked for', () => {
    expect(() => loadConfig(['db'], { ARI_PASSWORD: '' })).not.toThrow();
  });
});
