/**
 * The lab's one way to get a Toxiproxy: the real toxiproxy-server when it is on PATH (or when asked
 * for), else the embedded server, with a toxiproxy-node-client `Toxiproxy` bound to it. Every network
 * fault goes through that client, so the lab behaves the same on either, and the report records which
 * one served (`implementation`).
 */
import { Toxiproxy } from 'toxiproxy-node-client';
import { embeddedToxiproxyVersion, startEmbeddedToxiproxy } from './embedded-server.js';
import { findRealToxiproxy, startRealToxiproxy, toxiproxyInstallCommand } from './real-server.js';

export type ToxiproxyPreference = 'auto' | 'embedded' | 'real';

export interface ToxiproxyImplementation {
  name: 'toxiproxy-server' | 'embedded';
  version: string;
}

export interface StartToxiproxyOptions {
  /** `auto` (default): the real server when on PATH, else the embedded one. */
  prefer?: ToxiproxyPreference;
  runId: string;
  /** Where the real server writes `toxiproxy-server.log`. */
  logsDir: string;
  /** The real server's executable (default `toxiproxy-server` on PATH). */
  command?: string;
  /** Source of the embedded server's toxicity rolls and jitter (default Math.random). */
  random?: () => number;
}

export interface StartedToxiproxy {
  /** The API's base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly implementation: ToxiproxyImplementation;
  /** A toxiproxy-node-client bound to `url`. */
  readonly client: Toxiproxy;
  /** Stops the server and every proxy; idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startToxiproxy(options: StartToxiproxyOptions): Promise<StartedToxiproxy> {
  const prefer = options.prefer ?? 'auto';
  if (!['auto', 'embedded', 'real'].includes(prefer)) {
    throw new Error(`unknown Toxiproxy preference "${prefer}"; use one of: auto, embedded, real`);
  }
  const command = options.command ?? 'toxiproxy-server';
  const useReal = prefer === 'real' || (prefer === 'auto' && findRealToxiproxy(command) !== undefined);
  if (prefer === 'real' && !findRealToxiproxy(command)) {
    throw new Error(
      `Toxiproxy "real" was asked for but ${command} is not on PATH; install it with: ${toxiproxyInstallCommand}`,
    );
  }
  if (useReal) {
    const real = await startRealToxiproxy({ runId: options.runId, logsDir: options.logsDir, command });
    return handle(real.url, { name: 'toxiproxy-server', version: real.version }, real.stop);
  }
  const embedded = await startEmbeddedToxiproxy(options.random ? { random: options.random } : {});
  return handle(embedded.url, { name: 'embedded', version: embeddedToxiproxyVersion }, embedded.stop);
}

function handle(
  url: string,
  implementation: ToxiproxyImplementation,
  stop: () => Promise<void>,
): StartedToxiproxy {
  return { url, implementation, client: new Toxiproxy(url), stop, [Symbol.asyncDispose]: stop };
}
