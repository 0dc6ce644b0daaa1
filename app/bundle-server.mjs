// Bundles one compiled server entry (dist/...) and every package it imports into a single file, for
// the runtime images: the shop's images then carry ~4 MB of JavaScript instead of the repository's
// whole production node_modules (which also holds the lab's own dependencies), so they are smaller
// to import into a node and start faster. Used by app/backend/Dockerfile and app/frontend/Dockerfile:
//   node app/bundle-server.mjs <entry.js> <outfile.js> [--external <package>]...
// External packages (native add-ons such as argon2) stay in node_modules beside the bundle.
import { build } from 'esbuild';

const [entry, outfile, ...rest] = process.argv.slice(2);
const external = [];
for (let i = 0; i < rest.length; i += 2) {
  if (rest[i] !== '--external' || !rest[i + 1]) {
    console.error(`bundle-server: expected "--external <package>", got "${rest.slice(i).join(' ')}"`);
    process.exit(2);
  }
  external.push(rest[i + 1]);
}
if (!entry || !outfile) {
  console.error('usage: node app/bundle-server.mjs <entry.js> <outfile.js> [--external <package>]...');
  process.exit(2);
}

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // pg's optional native binding is never installed; it is required lazily only when asked for.
  external: ['pg-native', ...external],
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS packages inside an ESM bundle still call require() for Node's built-ins: give them one.
  banner: {
    js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);",
  },
});
