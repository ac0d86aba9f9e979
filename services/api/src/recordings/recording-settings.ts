import { loadConfig } from '@hotline/config';

export interface RecordingSettings {
  dir: string;
  retentionDays: number;
  /** Import + purge period in ms; 0: only on POST /recordings/purge. */
  syncMs: number;
}

export function recordingSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): RecordingSettings {
  const { recordings } = loadConfig(['recordings'], env);
  return { dir: recordings.RECORDINGS_DIR, retentionDays: recordings.RECORDING_RETENTION_DAYS, syncMs: recordings.RECORDING_SYNC_SEC * 1000 };
}
