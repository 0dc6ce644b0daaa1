import type { Inputs } from './content-address.js';
import type { BuildLog } from './run-command.js';

/** One step of a build as the CLI shows it (the same shape as `lab up`'s steps: terminal-view.ts). */
export interface ImageProgress {
  name: string;
  state: 'start' | 'done' | 'fail';
  detail?: string;
}

/** What a spec's build gets: where to tag, its parents' tags, and the tools to run and report steps. */
export interface BuildRequest {
  /** `dhakacart-lab/<name>:<content address>`: the tag the build must produce. */
  tag: string;
  /** The content address alone (the tag's part after `:`), to key caches by. */
  hash: string;
  /** The parents' tags, by name (e.g. `{ base: 'dhakacart-lab/base:0123456789ab' }`). */
  parents: Readonly<Record<string, string>>;
  /** Labels every image carries (`dev.dhakacart.lab.image=<name>`): pass them to `docker build --label`. */
  labels: Readonly<Record<string, string>>;
  /** Runs a command, its output appended to this image's build log. */
  log: BuildLog;
  /** Reports and times a sub-step (`go build kube-apiserver`): the CLI shows each with its duration. */
  step<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** ~/.cache/dhakacart-lab (or LAB_CACHE_DIR): slow things to reuse across builds. */
  cacheDir: string;
  signal: AbortSignal | undefined;
}

/** What `check` may look at: the image's content address and the cache (a cached part needs no tool). */
export type CheckRequest = Pick<BuildRequest, 'hash' | 'cacheDir'>;

/**
 * One image of the k3s profile: what it is made from and how to make it. Its tag is a content address
 * (content-address.ts) over `inputs()` and the parents' tags, so it is rebuilt exactly when something
 * it is made from changed, and `docker image inspect <tag>` is the whole "is it up to date" test.
 */
export interface ImageSpec<Name extends string = string> {
  readonly name: Name;
  /** One line for `lab images list`. */
  readonly description: string;
  /** Images this one is built from or contains; built first, and their tags are part of its inputs. */
  readonly parents: readonly string[];
  /** Files (contents and paths) and values (pinned versions, build args) the image is made from. */
  inputs(): Promise<Inputs> | Inputs;
  /**
   * Throws a SetupError naming what is missing on this machine (a tool, a Dockerfile another part of
   * the lab has not written yet). Called for every image about to be built, before the first build.
   */
  check(request: CheckRequest): Promise<void>;
  build(request: BuildRequest): Promise<void>;
}

/** The tag of image `name` with content address `hash`. */
export const imageTag = (name: string, hash: string): string => `dhakacart-lab/${name}:${hash}`;
