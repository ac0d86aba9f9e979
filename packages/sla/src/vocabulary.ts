/**
 * The ticket facts the SLA rules are keyed by. `@hotline/tickets` uses the
 * same literals (its tests check that a Ticket is usable as `SlaFacts`); they
 * are repeated here so this package depends on nothing of ours.
 */

/** Where a ticket came from: the phone, or a network channel. */
export const CHANNELS = ['phone', 'web', 'wechat', 'app', 'email', 'sms', 'mayor_mailbox'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Seed 001: "网站、微信等其他多媒体渠道" - every channel but the phone. */
export const NETWORK_CHANNELS = ['web', 'wechat', 'app', 'email', 'sms', 'mayor_mailbox'] as const satisfies readonly Channel[];
export type NetworkChannel = (typeof NETWORK_CHANNELS)[number];

/** 咨询, 投诉, 求助, 建议, 举报. */
export const CATEGORIES = ['consult', 'complaint', 'help', 'suggestion', 'report'] as const;
export type Category = (typeof CATEGORIES)[number];

/** 普通 / 紧急. */
export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];
