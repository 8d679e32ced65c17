import { readFileSync, statSync } from 'node:fs';
import { asIoError } from '../errors.js';
import { ConfigLoadError } from './errors.js';
import { MAX_CONFIG_BYTES } from '../value/limits.js';

/**
 * The text of a config file, refused before reading when it is larger than any config should be
 * (see MAX_CONFIG_BYTES); a file the system will not read (permissions, a directory) is an IoError.
 */
export function readConfigText(path: string, displayName = path): string {
  try {
    const size = statSync(path).size;
    if (size > MAX_CONFIG_BYTES) {
      throw new ConfigLoadError({
        message: `${displayName}: the file is ${mib(size)} MiB; config files are limited to ${mib(MAX_CONFIG_BYTES)} MiB`, hint: 'Keep large data (lists of files, tables, weights) in a file the task reads, and put its path in the config.',
      });
    }
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw asIoError(err, 'read the config file', displayName);
  }
}

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}
