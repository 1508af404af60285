// `npm run sandbox`: kube-tui against a local moto, with HOME, KUBECONFIG and the config directory
// inside the git-ignored .sandbox/ folder. Arguments after `--` go to kube-tui
// (e.g. `npm run sandbox -- up --yes`). moto stops when kube-tui exits.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureMotoPython, startMoto } from '../test/support/moto.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const home = join(root, '.sandbox', 'home');
mkdirSync(join(home, '.kube'), { recursive: true });
mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });

process.stderr.write('Starting the local AWS emulator (moto)…\n');
const moto = await startMoto({ python: ensureMotoPython((line) => process.stderr.write(`${line}\n`)) });

const env: NodeJS.ProcessEnv = {
  ...process.env,
  HOME: home,
  USERPROFILE: home,
  XDG_CONFIG_HOME: join(home, '.config'),
  KUBECONFIG: join(home, '.kube', 'config'),
  AWS_ENDPOINT_URL: moto.url,
  AWS_ACCESS_KEY_ID: 'sandbox',
  AWS_SECRET_ACCESS_KEY: 'sandbox',
  AWS_REGION: process.env.AWS_REGION ?? 'us-west-2',
  AWS_EC2_METADATA_DISABLED: 'true',
};
delete env.AWS_PROFILE;
delete env.AWS_SESSION_TOKEN;

const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), ...process.argv.slice(2)], {
  env,
  stdio: 'inherit',
});
// The terminal sends Ctrl+C to the whole process group: kube-tui decides what it means.
const ignore = () => {};
process.on('SIGINT', ignore);
process.on('SIGTERM', () => child.kill('SIGTERM'));
const code: number = await new Promise((done) =>
  child.on('exit', (exitCode, signal) => done(exitCode ?? (signal ? 1 : 0))),
);
await moto.stop();
process.exit(code);
