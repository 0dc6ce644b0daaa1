import { Command } from 'commander';
import {
  ensureImages,
  formatSize,
  imageSet,
  listImages,
  pruneImages,
  type ImageName,
} from '../../runtime/k3s/images/index.js';
import { ExitCode } from '../exit-codes.js';
import { isInteractive } from '../output/interactive.js';
import { createTerminalView } from '../output/terminal-view.js';

/**
 * `lab images [build|list|prune] [names...]`: the k3s profile's images, built here without a registry
 * (lab/runtime/k3s/images). `build` is the default verb. Progress goes to stderr (a live step list on a
 * terminal, one line per step with its duration elsewhere); the results go to stdout, one image per line.
 */
export function imagesCommand(): Command {
  const names = `image names (default: all): ${imageSet.names.join(', ')}`;
  return new Command('images')
    .description("the k3s profile's images, built on this machine without a registry")
    .addCommand(
      new Command('build')
        .description('build the missing images (and what they are built from); up-to-date ones are kept')
        .argument('[names...]', names)
        .action(async (requested: string[]) => {
          process.exitCode = await build(requested);
        }),
      { isDefault: true },
    )
    .addCommand(
      new Command('list')
        .description('each image with its current tag, whether it is built, and its size')
        .argument('[names...]', names)
        .action(async (requested: string[]) => {
          const images = await listImages(requested.length ? requested : imageSet.names);
          const width = (pick: (i: (typeof images)[number]) => string) =>
            Math.max(...images.map((i) => pick(i).length));
          const [nameWidth, tagWidth] = [width((i) => i.name), width((i) => i.tag)];
          for (const image of images)
            process.stdout.write(
              `${image.name.padEnd(nameWidth)}  ${image.tag.padEnd(tagWidth)}  ` +
                `${(image.present ? 'present' : 'missing').padEnd(7)}  ` +
                `${(image.size === undefined ? '-' : formatSize(image.size)).padStart(7)}  ${image.description}\n`,
            );
        }),
    )
    .addCommand(
      new Command('prune')
        .description("remove the lab's images whose tag is not the current one, and stale build caches")
        .action(async () => {
          const result = await pruneImages();
          for (const ref of result.removed) process.stdout.write(`removed ${ref}\n`);
          for (const entry of result.cacheEntries) process.stdout.write(`removed cache ${entry}\n`);
          for (const { ref, reason } of result.kept) process.stdout.write(`kept ${ref}: ${reason}\n`);
          if (result.removed.length + result.cacheEntries.length === 0)
            process.stdout.write('nothing to prune\n');
        }),
    );
}

async function build(requested: string[]): Promise<number> {
  // Unknown names fail before anything starts (a usage error listing the known ones).
  const names = (requested.length ? requested : imageSet.names).map(
    (name) => imageSet.get(name).name as ImageName,
  );
  const view = createTerminalView(process.stderr, isInteractive(process.stderr));
  const abort = new AbortController();
  const onInterrupt = () => {
    view.print('interrupted: stopping the build in progress');
    abort.abort();
  };
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  try {
    const tags = await ensureImages(names, { onProgress: (step) => view.step(step), signal: abort.signal });
    view.close();
    for (const [name, tag] of Object.entries(tags)) process.stdout.write(`${name} ${tag}\n`);
    return ExitCode.Ok;
  } catch (error) {
    view.close();
    if (abort.signal.aborted) return ExitCode.Interrupted;
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}
