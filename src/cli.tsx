// Entry point. Parses arguments only: every command module (and with it Ink and the AWS SDK) is
// imported lazily, so `--help` and `--version` load nothing but commander.
import * as nodeModule from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import { guardBrokenPipes } from './commands/broken-pipe.js';
import type { GlobalOptions } from './commands/global-options.js';
import { EXIT, UsageError } from './model/exit.js';
import { expandHome } from './model/home-path.js';
import { flagHelp, flagSyntax, OPTION_KEYS, OPTIONS } from './model/option-table.js';
import { VERSION } from './version.js';

// Node 22.1+ can keep the compiled code of the chunks loaded below (Ink, the AWS SDK) on disk
// between runs, which saves most of their compile time; Node 20 has no such cache, so this is
// feature-detected and a no-op there. A cache that cannot be written is not worth an error.
try {
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
} catch {
  // no cache, same behaviour
}

// Ink's colour library ignores NO_COLOR; FORCE_COLOR=0 must be set before Ink is imported.
if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
// The bundled SDK is pinned and runs on Node 20: its notice about *future* SDK releases needing
// Node 22 is not something a kube-tui user can act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface RunFlags {
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

function withRunFlags(command: Command, what: string): Command {
  return command
    .option('-y, --yes', `${what} without prompts, printing one line per event`)
    .option('--dry-run', 'print the plan and change nothing (never prompts, writes no file)')
    .option('--json', 'print one JSON document instead of lines');
}

/** `up`'s flags, one per option of the table (`--region` is every command's). */
function upOptions(command: Command): Command {
  for (const key of OPTION_KEYS) {
    if (OPTIONS[key].scope === 'up') command.addOption(new Option(flagSyntax(key), flagHelp(key)));
  }
  return command.option('--kubeconfig <path>', KUBECONFIG_HELP);
}

const DATA_VOLUMES_HELP =
  'delete the data volumes too (PersistentVolumes and volumes you tagged for the cluster); kept otherwise';
const FORCE_REVOKE_HELP =
  "revoke other groups' rules that reference the cluster's security groups (AWS refuses to delete a referenced group); never a protected group's";
const KUBECONFIG_HELP =
  'the kubeconfig to write the context to / remove it from (default: KUBECONFIG, else ~/.kube/config)';

/** `--kubeconfig` wins over KUBECONFIG, as with kubectl: set before anything reads it. */
export function useKubeconfigFlag(path: unknown): void {
  if (typeof path !== 'string' || path.length === 0) return;
  process.env.KUBECONFIG = expandHome(path);
}

export function buildProgram(): Command {
  const program = new Command('kube-tui')
    .description(
      'Create, list and remove self-managed Kubernetes clusters on AWS, the way kube-up.sh and kube-down.sh did.\n' +
        'Without a command it opens the interactive app (Create / Inventory / Cleanup).',
    )
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option(flagSyntax('region'), flagHelp('region'))
    .option('--profile <name>', 'shared config / SSO profile for credentials (AWS_PROFILE)')
    .option(
      '--endpoint <url>',
      'send every AWS call to this endpoint, e.g. a local emulator (AWS_ENDPOINT_URL)',
    )
    .configureHelp({ showGlobalOptions: true })
    .allowExcessArguments(true)
    .showHelpAfterError('(run kube-tui --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .action(async (_options, command: Command) => {
      // Commander treats a word it does not know as an argument of the bare program.
      const [unknown] = command.args;
      if (unknown !== undefined) {
        throw new UsageError(
          `unknown command '${unknown}' (commands: up, inventory, down, scale, cleanup, policy; see --help)`,
        );
      }
      const { runInteractive } = await import('./commands/interactive.js');
      await runInteractive({ globals: command.opts<GlobalOptions>() });
    });

  withRunFlags(
    upOptions(program.command('up').description('create a cluster: the eleven kube-up steps')),
    'create',
  )
    .addHelpText('after', '\nWithout --yes (and on a terminal) it opens the creation wizard.')
    .action(async (options, command: Command) => {
      useKubeconfigFlag(options.kubeconfig);
      const { runUp } = await import('./commands/up.js');
      await runUp({ globals: command.optsWithGlobals<GlobalOptions>(), options });
    });

  program
    .command('inventory')
    .description("list every cluster's resources by tags and kube-up's names, and the orphans kube-down left")
    .option(flagSyntax('name'), 'only this cluster')
    .option('--all-regions', 'scan every enabled region')
    .option('--json', 'print one JSON document instead of tables')
    .action(async (options, command: Command) => {
      const { runInventory } = await import('./commands/inventory.js');
      await runInventory({ globals: command.optsWithGlobals<GlobalOptions>(), options });
    });

  withRunFlags(
    program
      .command('down')
      .description('delete a cluster in dependency order, including what kube-down left behind')
      .requiredOption(flagSyntax('name'), 'the cluster to delete')
      .option('--timeout <minutes>', 'give up on what is still in use after this many minutes (default 15)')
      .option(
        flagSyntax('bucket'),
        `your own staging bucket: only <cluster>/ in it is deleted (${OPTIONS.bucket.env.join(' / ')})`,
      )
      .option(flagSyntax('bucketRegion'), flagHelp('bucketRegion'))
      .option('--kubeconfig <path>', KUBECONFIG_HELP)
      .option('--delete-data-volumes', DATA_VOLUMES_HELP)
      .option('--force-revoke', FORCE_REVOKE_HELP),
    'delete',
  ).action(async (options, command: Command) => {
    useKubeconfigFlag(options.kubeconfig);
    const { runDown } = await import('./commands/down.js');
    await runDown({ globals: command.optsWithGlobals<GlobalOptions>(), options });
  });

  program
    .command('policy')
    .description('print the least IAM policy kube-tui needs (JSON), derived from its source; no AWS call')
    .option('--for <command>', 'up, down, cleanup, inventory, scale or all (default all)')
    .option(flagSyntax('name'), "only this cluster's roles, bucket objects and log group")
    .action(async (options) => {
      const { runPolicy } = await import('./commands/policy.js');
      runPolicy({ options });
    });

  withRunFlags(
    program
      .command('scale')
      .description("change the number of nodes in a cluster's node group (its Auto Scaling group)")
      .requiredOption(flagSyntax('name'), 'the cluster to scale')
      .requiredOption(flagSyntax('nodes'), 'the number of nodes wanted, 0 to 100')
      .option(flagSyntax('zone'), 'the zone of the node group to scale (when the cluster has several)'),
    'scale',
  ).action(async (options, command: Command) => {
    const { runScale } = await import('./commands/scale.js');
    await runScale({ globals: command.optsWithGlobals<GlobalOptions>(), options });
  });

  withRunFlags(
    program
      .command('cleanup')
      .description(
        'delete orphans (leftovers of clusters that are gone) or the clusters whose deadline has passed',
      )
      .option('--orphans', 'the orphans of the inventory: key pairs, IAM roles, volumes and other leftovers')
      .option(
        '--expired',
        'every cluster of the region past its kube-tui/expires-at (up --ttl), each torn down as down does; safe from cron with --yes',
      )
      .option('--all-regions', 'with --expired: every enabled region, not only --region')
      .option('--timeout <minutes>', 'give up on what is still in use after this many minutes (default 15)')
      .option('--delete-data-volumes', DATA_VOLUMES_HELP)
      .option('--force-revoke', FORCE_REVOKE_HELP),
    'delete',
  ).action(async (options, command: Command) => {
    const { runCleanup } = await import('./commands/cleanup.js');
    await runCleanup({ globals: command.optsWithGlobals<GlobalOptions>(), options });
  });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `kube-tui down --yes | head -1` must still finish the teardown.
  guardBrokenPipes();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; every parse error is bad usage.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`kube-tui: ${error.message}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    const { reportFatal } = await import('./commands/report-error.js');
    process.exitCode = reportFatal(error);
  }
}

await main(process.argv);
