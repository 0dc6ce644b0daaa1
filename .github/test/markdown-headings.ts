import GithubSlugger from 'github-slugger';

/**
 * The anchors GitHub gives a Markdown file's headings (github-slugger is the algorithm GitHub uses,
 * duplicates included). Headings are found by hand: ATX `#` lines outside fenced code, which is all
 * our docs use; a full Markdown parser would be a large dependency for that.
 */
export function headingAnchors(markdown: string): string[] {
  const slugger = new GithubSlugger();
  const anchors: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const opener = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (opener && (!fence || opener.startsWith(fence))) {
      fence = fence ? undefined : opener;
      continue;
    }
    if (fence) continue;
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading !== undefined) anchors.push(slugger.slug(heading));
  }
  return anchors;
}

/** In-page links `](#anchor)` a Markdown file makes. */
export const inPageLinks = (markdown: string): string[] =>
  [...markdown.matchAll(/\]\(#([^)\s]+)\)/g)].map((m) => m[1]!);

/** Relative links `](path)` / `](path#anchor)` to other files, without the anchor. */
export const relativeFileLinks = (markdown: string): string[] =>
  [...markdown.matchAll(/\]\((?!#|[a-z]+:)([^)\s#]+)(?:#[^)\s]*)?\)/g)].map((m) => m[1]!);
