import { describe, expect, it } from 'vitest';
import { AriCallControl } from './call-control.js';
import { AriRestError, type AriRest } from './rest.js';

/** An AriRest whose every POST is refused with this status and message. */
const refusing = (status: number, message: string) => {
  const posts: string[] = [];
  const rest = { post: async (path: string) => { posts.push(path); throw new AriRestError(status, message); } } as unknown as AriRest;
  return { control: new AriCallControl(() => rest, () => 'hotline'), posts };
};

describe('AriCallControl.removeFromBridge', () => {
  it('is done when the channel is no longer in the bridge (422) or gone (404)', async () => {
    for (const [status, message] of [[422, 'Channel not in this bridge'], [404, 'Bridge not found']] as const) {
      const { control, posts } = refusing(status, message);
      await expect(control.removeFromBridge('b1', ['c1'])).resolves.toBeUndefined();
      expect(posts).toEqual(['/bridges/b1/removeChannel']);
    }
  });

  it('fails on any other refusal', async () => {
    const { control } = refusing(500, 'Internal Server Error');
    await expect(control.removeFromBridge('b1', ['c1'])).rejects.toThrow('Internal Server Error');
  });
});
