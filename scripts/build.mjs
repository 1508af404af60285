// Bundles the CLI into dist/ as ESM with code splitting: dist/cli.js holds only the argument
// parser, and each command (with Ink or the AWS SDK) is a chunk loaded when it runs.
import { chmod, readFile, rm } from 'node:fs/promises';
import { build } from 'esbuild';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.tsx' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The SDK's ES modules, not its CommonJS: esbuild can then drop the clients' unused commands and
  // schemas (client-ec2 alone was 1 MB, all of it compiled and run before the first AWS call).
  mainFields: ['module', 'main'],
  target: 'node20',
  // KUBE_TUI_DEBUG_BUILD=1 keeps names readable, for stack traces from the bundle.
  minify: !process.env.KUBE_TUI_DEBUG_BUILD,
  sourcemap: false,
  legalComments: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  banner: {
    // Some bundled CommonJS dependencies call require(); give them one.
    js: "import { createRequire as __kubeTuiCreateRequire } from 'node:module'; const require = __kubeTuiCreateRequire(import.meta.url);",
  },
  define: {
    __KUBE_TUI_VERSION__: JSON.stringify(pkg.version),
    'process.env.NODE_ENV': '"production"',
  },
  // Ink imports react-devtools-core only when DEV is set; never ship it.
  alias: { 'react-devtools-core': './scripts/react-devtools-core-stub.mjs' },
  logLevel: 'warning',
});
// The shebang must be the first line, before the require banner.
const cliPath = new URL('../dist/cli.js', import.meta.url);
const { writeFile } = await import('node:fs/promises');
const bundled = await readFile(cliPath, 'utf8');
await writeFile(cliPath, `#!/usr/bin/env node\n${bundled}`);
await chmod(cliPath, 0o755);
