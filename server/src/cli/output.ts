// Where `pull` and `import-mlflow` write (`-o FILE`, `-o -`): a file is never lost. It is created
// exclusively when the output is ready, replaced only with --force and then atomically.

import { closeSync, fchmodSync, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { CommandError, UsageError, err, out, reason, withoutSecret } from './io';

/** `-o VALUE`: a file, or standard output for `-` (undefined). */
export function outputOption(value: string | undefined, fallback: string | undefined): string | undefined {
  if (value === '') throw new UsageError('-o needs a file name, or - for standard output');
  if (value === '-') return undefined;
  return value ?? fallback;
}

/**
 * Why `file` cannot be written as asked, or undefined. Called before the command does its work (so a
 * mistake is said before the server is asked anything) and again when it writes. A directory, a
 * dangling link (writing through it would create a file wherever it points) and anything but a
 * regular file (a device, a FIFO: --force would rename over it) are refused even with --force.
 */
function refusal(file: string, force: boolean): string | undefined {
  let entry;
  try {
    entry = lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return `cannot write ${file}: ${reason(e)}`;
    const dir = dirname(file);
    try {
      if (!statSync(dir).isDirectory()) return `cannot write ${file}: ${dir} is not a directory`;
    } catch (e) {
      return `cannot write ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? `no such directory ${dir}` : reason(e)}`;
    }
    return undefined;
  }
  let target = entry;
  if (entry.isSymbolicLink()) {
    try {
      target = statSync(file);
    } catch {
      return `${file} is a symbolic link to ${readlinkSync(file)}, which does not exist; remove the link or name another file`;
    }
  }
  if (target.isDirectory()) return `${file} is a directory; name a file (or - for standard output)`;
  if (!target.isFile()) return `${file} is not a regular file; name a file (or - for standard output)`;
  return force ? undefined : `${file} exists; use --force to replace it`;
}

/** An output file that cannot be written, or exists without --force: a CommandError before any work is done. */
export function checkOutput(file: string | undefined, force: boolean | undefined): void {
  const refused = file === undefined ? undefined : refusal(file, !!force);
  if (refused) throw new CommandError(refused);
}

/**
 * `text` written to `file` (said on standard error), or to standard output without one. The file
 * is created exclusively, so one created since `checkOutput` (by another program, another run) is
 * kept rather than replaced. With --force it is replaced atomically: a temporary file beside it,
 * synced, renamed over it, so a reader sees the old file or the new one, never half of one; through
 * a link the file it points to is replaced (the link stays), with its mode.
 */
export function writeOutput(file: string | undefined, text: string, force: boolean | undefined): void {
  if (file === undefined) {
    out(text);
    return;
  }
  text = withoutSecret(text);
  if (force) replaceAtomically(file, text);
  else {
    let fd;
    try {
      fd = openSync(file, 'wx');
    } catch (e) {
      // EEXIST: `checkOutput` found nothing there; something appeared since.
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new CommandError(refusal(file, true) ?? `${file} was created while the command ran; it is kept: use --force to replace it`);
      throw new CommandError(`cannot write ${file}: ${reason(e)}`);
    }
    try {
      writeFileSync(fd, text);
    } catch (e) {
      // A disk full mid-write: the file is ours and incomplete; no half model is left behind.
      rmSync(file, { force: true });
      throw new CommandError(`cannot write ${file}: ${reason(e)}`);
    } finally {
      closeSync(fd);
    }
  }
  err(`wrote ${file}`);
}

function replaceAtomically(file: string, text: string): void {
  const refused = refusal(file, true);
  if (refused) throw new CommandError(refused);
  let target = file;
  let mode: number | undefined;
  try {
    target = realpathSync(file);
    mode = statSync(target).mode & 0o7777;
  } catch {
    // Not there (any more): created new, with the umask's mode as any new file.
  }
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temporary, 'wx');
    try {
      writeFileSync(fd, text);
      // The file replaced keeps its mode (the umask applied to the temporary file when it was created).
      if (mode !== undefined) fchmodSync(fd, mode);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw new CommandError(`cannot write ${file}: ${reason(e)}`);
  }
}
