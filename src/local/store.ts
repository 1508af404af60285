// The wizard's remembered choices (conf, in the config directory). They only preselect wizard
// values; `up --yes` never reads them, so scripted runs stay reproducible.
import Conf from 'conf';
import type { ClusterConfig } from '../model/config.js';
import { REMEMBERED_KEYS } from '../model/option-table.js';
import { configDir } from './paths.js';

export interface ChoiceStore {
  load(): Partial<ClusterConfig> | undefined;
  save(config: ClusterConfig): void;
}

interface StoredChoices {
  choices?: Partial<ClusterConfig>;
}

function pick(source: Record<string, unknown>): Partial<ClusterConfig> {
  const picked: Record<string, unknown> = {};
  for (const key of REMEMBERED_KEYS) {
    const value = source[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      picked[key] = value;
    // A list of node zones; anything else in an edited file is nothing remembered.
    else if (Array.isArray(value) && value.every((entry) => typeof entry === 'string'))
      picked[key] = [...value];
  }
  return picked as Partial<ClusterConfig>;
}

/**
 * The conf-backed store under configDir() (so a test's temporary HOME keeps real files untouched).
 * A missing or unreadable file means "nothing remembered"; a failed write is not worth an error.
 */
export function createChoiceStore(env: NodeJS.ProcessEnv = process.env): ChoiceStore {
  let conf: Conf<StoredChoices> | undefined;
  const open = () => {
    conf ??= new Conf<StoredChoices>({
      projectName: 'kube-tui',
      cwd: configDir(env),
      configName: 'wizard',
      configFileMode: 0o600,
      clearInvalidConfig: true,
    });
    return conf;
  };
  return {
    load() {
      try {
        const choices = open().get('choices');
        return choices && typeof choices === 'object' ? pick(choices as Record<string, unknown>) : undefined;
      } catch {
        return undefined;
      }
    },
    save(config) {
      try {
        open().set('choices', pick(config as unknown as Record<string, unknown>));
      } catch {
        // Remembering is a convenience: a read-only config directory must not stop a cluster.
      }
    },
  };
}

/** A store in memory, for tests and for runs that must not remember. */
export function memoryChoiceStore(initial?: Partial<ClusterConfig>): ChoiceStore {
  let choices = initial ? pick(initial as Record<string, unknown>) : undefined;
  return {
    load: () => choices,
    save: (config) => {
      choices = pick(config as unknown as Record<string, unknown>);
    },
  };
}
