import { setTimeout as sleep } from 'node:timers/promises';
import { startControlServer } from '../../control/control-server.js';
import { handleDownRequestsWith } from '../../control/down-requests.js';
import { RecordingController } from '../../control/test-support/recording-controller.js';

/**
 * A stand-in for `lab up` in the CLI's black-box tests: a real process with a real control server,
 * registered in $LAB_REGISTRY_DIR like a running lab, over a RecordingController. It prints
 * `ready <controlUrl>` once registered and `call <json>` for each controller call; a down request
 * stops it (after a short teardown, so `lab down` must really wait) and it exits 0.
 */
const runId = process.env.FAKE_LAB_RUN_ID ?? 'fake-lab';
const controller = new RecordingController(runId, (call) =>
  process.stdout.write(`call ${JSON.stringify(call)}\n`),
);
const server = await startControlServer(controller, {
  runId,
  urls: { storefront: `http://127.0.0.1:1/${runId}/`, api: `http://127.0.0.1:1/${runId}/api` },
});
const stopAndExit = async () => {
  await sleep(300);
  await server.stop();
  await controller.stop();
  process.exit(0);
};
handleDownRequestsWith(() => void stopAndExit());
process.on('SIGTERM', () => void stopAndExit());
process.stdout.write(`ready ${server.url}\n`);
// Bounded life: a test that forgets this process does not leave it running for long.
setTimeout(() => void stopAndExit(), 120_000);
