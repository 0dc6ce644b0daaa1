import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { labels } from '../docker/labels.js';

const execFileAsync = promisify(execFile);

/**
 * The few read-only questions the image set asks the `docker` CLI (builds themselves stream through
 * BuildLog). The CLI rather than the Engine API: it is what a person would type to check the same
 * thing, it honours DOCKER_HOST and contexts, and it is already required for `docker build`.
 */
async function docker(args: readonly string[]): Promise<string> {
  const { stdout } = await execFileAsync('docker', args, { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** Whether `ref` (repo:tag) is in the local image store: the only test of "already built". */
export async function imageExists(ref: string): Promise<boolean> {
  return (await imageSize(ref)) !== undefined;
}

/** The image's size in bytes, or undefined when there is no such image. */
export async function imageSize(ref: string): Promise<number | undefined> {
  try {
    return Number((await docker(['image', 'inspect', '--format', '{{.Size}}', ref])).trim());
  } catch (error) {
    if (/No such image/i.test(String((error as { stderr?: string }).stderr))) return undefined;
    throw error;
  }
}

export interface LabelledImage {
  id: string;
  /** `repo:tag`, or undefined for a dangling image (left behind by an earlier build of the same tag). */
  ref: string | undefined;
  tag: string | undefined;
  /** The image set name from the image label. */
  name: string;
}

/** Every local image with the lab's image label, one entry per tag (dangling ones with no ref). */
export async function labelledImages(): Promise<LabelledImage[]> {
  const rows = (
    await docker([
      'image',
      'ls',
      '--no-trunc',
      '--filter',
      `label=${labels.image}`,
      '--format',
      '{{.ID}}\t{{.Repository}}\t{{.Tag}}',
    ])
  )
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t') as [string, string, string]);
  if (rows.length === 0) return [];
  // `docker image ls` cannot print one label (no .Label field for images in docker 20.10): inspect.
  const ids = [...new Set(rows.map(([id]) => id))];
  const names = new Map(
    (
      await docker([
        'image',
        'inspect',
        '--format',
        `{{.Id}}\t{{index .Config.Labels "${labels.image}"}}`,
        ...ids,
      ])
    )
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t') as [string, string]),
  );
  return rows.map(([id, repository, tag]) => {
    const dangling = repository === '<none>' || tag === '<none>';
    return {
      id,
      name: names.get(id) ?? '',
      ref: dangling ? undefined : `${repository}:${tag}`,
      tag: dangling ? undefined : tag,
    };
  });
}

/** `docker rmi ref` without --force: an image a container still uses stays (and the error says so). */
export async function removeImage(ref: string): Promise<void> {
  await docker(['image', 'rm', ref]);
}
