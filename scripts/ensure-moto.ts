// Makes sure a Python with moto 5.2.1 is available (installing it into .venv if needed) and prints it.
import { ensureMotoPython, MOTO_VERSION } from '../test/support/moto.js';

try {
  const python = ensureMotoPython((line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`moto ${MOTO_VERSION}: ${python}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
