// The recordings' merge thread (started by leg-files.ts): one merge per message, several at once.
import { parentPort } from 'node:worker_threads';
import type { MergeReply, MergeRequest } from './leg-files.js';
import { mergeLegFilesHere } from './leg-merge.js';

const port = parentPort;
if (!port) throw new Error('merge-worker.ts runs as a worker thread (see leg-files.ts)');
port.on('message', (req: MergeRequest) => {
  mergeLegFilesHere(req.dir, req.outName, req.legs).then(
    (stored) => port.postMessage({ id: req.id, stored } satisfies MergeReply),
    (err: unknown) => {
      const { name, message } = err instanceof Error ? err : new Error(String(err));
      port.postMessage({ id: req.id, error: { name, message } } satisfies MergeReply);
    },
  );
});
