/** Latent code files (`ganforge project` writes them) read back for a run: checked against its family and config. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { codeFromFile, CodeError, concatCodes, disposeCode, type CodeOwner, type LatentCode } from '../project/code.js';

/** The code files `paths` name: a file stands for itself, a folder for the .json files in it and its subfolders, sorted. */
async function codeFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const isFolder = await stat(path).then((s) => s.isDirectory(), () => false);
    if (!isFolder) {
      files.push(path);
      continue;
    }
    const inside = (await readdir(path, { recursive: true })).filter((name) => name.endsWith('.json')).sort();
    if (inside.length === 0) throw new CodeError(`folder "${path}" holds no code files (.json); \`ganforge project <run> <images> --out ${path}\` writes them`);
    files.push(...inside.map((name) => join(path, name)));
  }
  return files;
}

/**
 * The codes in `paths` (code files, or folders of them), stacked [N, ...]. An unreadable file, one
 * that is not a code, or one of another run is a one-line CodeError. Caller disposes.
 */
export async function readCodeFiles(paths: string[], owner: CodeOwner): Promise<LatentCode> {
  const files = await codeFiles(paths);
  const codes: LatentCode[] = [];
  try {
    for (const file of files) {
      let json: unknown;
      try {
        json = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new CodeError(`cannot read the code file "${file}": ${(error as Error).message}`);
      }
      codes.push(codeFromFile(json, owner, file).code);
    }
    return codes.length === 1 ? codes[0]! : concatCodes(codes, `the code files ${files.join(', ')}`);
  } finally {
    if (codes.length > 1) codes.forEach(disposeCode);
  }
}
