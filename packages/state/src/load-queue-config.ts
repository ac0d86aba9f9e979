import { readFileSync } from 'node:fs';
import { parseQueueConfig, type QueueConfig } from '@hotline/acd';

/** Reads and validates the queues/agents file; a bad file fails naming the file and each bad path. */
export function loadQueueConfig(path: string): QueueConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read queue config ${path}: ${(err as Error).message}`);
  }
  try {
    return parseQueueConfig(raw);
  } catch (err) {
    throw new Error(`invalid queue config ${path}:\n${(err as Error).message}`);
  }
}
