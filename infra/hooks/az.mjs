/* global process */
import { spawnSync } from 'node:child_process';

/**
 * Runs the Azure CLI and returns its standard output. On Windows `az` is a .cmd script, which only a shell runs;
 * the arguments passed here hold no spaces or shell characters.
 *
 * @param {string[]} args
 * @param {{ capture?: boolean }} [options] capture the output instead of showing it
 * @returns {string}
 */
export function az(args, options = {}) {
  const result = spawnSync('az', args, {
    encoding: 'utf8',
    shell: process.platform === 'win32',
    stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  if (result.error) {
    throw new Error(
      `The Azure CLI could not be started (${result.error.message}); install it, then run \`az login\`.`,
    );
  }
  if (result.status !== 0) {
    throw new Error(
      `az ${args.slice(0, 3).join(' ')} failed with exit code ${result.status}.\n${result.stderr ?? ''}`,
    );
  }
  return result.stdout ?? '';
}
