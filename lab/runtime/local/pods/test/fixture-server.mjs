// A stand-in container for the pod runtime's tests: a tiny HTTP server whose behaviour the test picks
// through env (plain JavaScript, so it starts with `node` alone, in tens of milliseconds).
//   PORT, HOST                   where to listen (the lab's port-env and host-env)
//   FIXTURE_EXIT_CODE=n          exit with code n at once, before listening
//   FIXTURE_READY_AFTER_MS=n     /readyz answers 503 for the first n ms
//   FIXTURE_FAIL_READINESS=1     /readyz always answers 503
//   FIXTURE_FAIL_LIVENESS=1      /healthz always answers 500
//   FIXTURE_CRASH_AFTER_MS=n     exit with code 1 after n ms
//   FIXTURE_IGNORE_SIGTERM=1     keep running on SIGTERM (only SIGKILL ends it)
//   FIXTURE_LOG_SIGNALS=1        log every SIGTERM/SIGINT received
//   FIXTURE_SPAWN_CHILD=1        start a long `sleep` child in the same process group, log its pid
// At run time: GET /control?ready=0|1&live=0|1 flips readiness/liveness; GET /prestop logs the call.
// Every line it logs starts with `fixture:` so tests can find them in the pod's log file.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';

const env = process.env;
const started = Date.now();
const log = (text) => process.stdout.write(`fixture: ${text}\n`);

if (env.FIXTURE_EXIT_CODE !== undefined) {
  log(`exiting with code ${env.FIXTURE_EXIT_CODE}`);
  process.exit(Number(env.FIXTURE_EXIT_CODE));
}

let ready = env.FIXTURE_FAIL_READINESS !== '1';
let live = env.FIXTURE_FAIL_LIVENESS !== '1';
const readyAfterMs = Number(env.FIXTURE_READY_AFTER_MS ?? 0);

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://fixture');
  const reply = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  switch (url.pathname) {
    case '/healthz':
      return reply(live ? 200 : 500, { status: live ? 'ok' : 'broken', version: env.APP_VERSION ?? null });
    case '/readyz': {
      const ok = ready && Date.now() - started >= readyAfterMs;
      return reply(ok ? 200 : 503, { status: ok ? 'ready' : 'not_ready' });
    }
    case '/control':
      if (url.searchParams.has('ready')) ready = url.searchParams.get('ready') === '1';
      if (url.searchParams.has('live')) live = url.searchParams.get('live') === '1';
      log(`control ready=${ready} live=${live}`);
      return reply(200, { ready, live });
    case '/prestop':
      log('prestop called');
      return reply(200, { ok: true });
    case '/env':
      return reply(200, { pid: process.pid, cwd: process.cwd(), env: process.env });
    default:
      return reply(404, { error: 'not_found' });
  }
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    if (env.FIXTURE_LOG_SIGNALS === '1') log(`received ${signal}`);
    if (signal === 'SIGTERM' && env.FIXTURE_IGNORE_SIGTERM === '1') return;
    server.close();
    process.exit(0);
  });
}

if (env.FIXTURE_CRASH_AFTER_MS !== undefined) {
  setTimeout(() => {
    log('crashing');
    process.exit(1);
  }, Number(env.FIXTURE_CRASH_AFTER_MS));
}

if (env.FIXTURE_SPAWN_CHILD === '1') {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  log(`child pid ${child.pid}`);
}

server.listen(Number(env.PORT), env.HOST ?? '127.0.0.1', () => {
  log(`listening on ${env.HOST}:${env.PORT} pid ${process.pid} version ${env.APP_VERSION ?? '-'}`);
});
