import { describe, expect, it } from 'vitest';
import { missingReplyElements } from './reply-review.js';

const full = { text: '已处理', resolved: true, handledAt: 1, handledPlace: '五西路', handledBy: '城管 张三' };

describe('missingReplyElements', () => {
  it('a complete complaint reply lacks nothing', () => {
    expect(missingReplyElements({ category: 'complaint', urgency: 'normal' }, full)).toEqual([]);
  });
  it('a one-line complaint reply lacks when, where and who (001: 避免一句话答复)', () => {
    expect(missingReplyElements({ category: 'complaint', urgency: 'normal' }, { text: '已处理', resolved: true })).toEqual([
      'handledAt',
      'handledPlace',
      'handledBy',
    ]);
  });
  it('an unresolved complaint needs next steps, an urgent one photos', () => {
    expect(missingReplyElements({ category: 'complaint', urgency: 'urgent' }, { ...full, resolved: false })).toEqual([
      'nextSteps',
      'photos',
    ]);
    expect(
      missingReplyElements({ category: 'complaint', urgency: 'urgent' }, { ...full, resolved: false, nextSteps: '下周复查', photos: ['p1'] }),
    ).toEqual([]);
  });
  it('other categories need the text only', () => {
    expect(missingReplyElements({ category: 'consult', urgency: 'urgent' }, { text: '已答复', resolved: false })).toEqual([]);
    expect(missingReplyElements({ category: 'help', urgency: 'normal' }, { text: ' ', resolved: true })).toEqual(['text']);
  });
});
