export { rmsPerWindow } from './energy.js';
export { mergeStereo } from './merge.js';
export type { LegSegment } from './merge.js';
export { parseRange } from './range.js';
export type { ByteRange } from './range.js';
export { purgeDecision, retentionUntil } from './retention.js';
export type { PurgeDecision, RetentionState } from './retention.js';
export { durationMs, encodeWav, parseWav, WavFormatError } from './wav.js';
export type { Pcm16 } from './wav.js';
