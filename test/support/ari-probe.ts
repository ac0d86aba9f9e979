import ari from 'ari-client';
import { loadDotEnv } from './env.js';

/** The test's own Stasis app: its snoops never reach the controller under test. */
const PROBE_APP = 'hotline-e2e-probe';

export interface HeardRecording {
  /** Stops the recording; `${name}.wav` is then complete in Asterisk's recording directory. */
  stop(): Promise<void>;
}

/**
 * Records what a channel receives (a snoop spying 'out' on it, in the probe app) into
 * `${name}.wav` in Asterisk's recording directory: what that person's phone was sent.
 */
export async function recordWhatChannelHears(channelId: string, name: string): Promise<HeardRecording> {
  loadDotEnv();
  const client = await ari.connect(process.env.ARI_URL ?? 'http://127.0.0.1:8088', process.env.ARI_USER ?? 'hotline', process.env.ARI_PASSWORD!);
  const snoopId = `${channelId}-probe`;
  const entered = new Promise<void>((resolve) => {
    client.on('StasisStart', (_event, channel) => {
      if (channel.id === snoopId) resolve();
    });
  });
  await client.start(PROBE_APP);
  await client.channels.snoopChannelWithId({ channelId, snoopId, spy: 'out', whisper: 'none', app: PROBE_APP });
  // Only a channel already in the app can be recorded (see INFRA.md).
  await entered;
  await client.channels.record({ channelId: snoopId, name, format: 'wav', ifExists: 'overwrite', maxDurationSeconds: 0, maxSilenceSeconds: 0 });
  return {
    async stop() {
      await client.recordings.stop({ recordingName: name }).catch(() => undefined); // ended with its channel: fine
      await client.channels.hangup({ channelId: snoopId }).catch(() => undefined);
      await client.stop();
    },
  };
}
