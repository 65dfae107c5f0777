import { readFileSync } from 'node:fs';
import { verifyExport } from '@tracker/audit';

/**
 * Offline check of an exported history, for auditors:
 *   npm run verify-export -- audit.jsonl digests.json public-key.pem
 * audit.jsonl from GET /api/programmes/{id}/audit?format=jsonl; digests.json is the "items" of
 * GET /api/programmes/{id}/digests and public-key.pem its "publicKey". Exits 0 when the history
 * checks out, 1 when it does not, 2 when the files cannot be read.
 */
function main(args: string[]): number {
  if (args.length !== 3 || args.includes('--help')) {
    process.stderr.write('usage: npm run verify-export -- <audit.jsonl> <digests.json> <public-key.pem>\n');
    return 2;
  }
  const [exportFile, digestsFile, keyFile] = args;
  let files: string[];
  try {
    files = [exportFile, digestsFile, keyFile].map((file) => readFileSync(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`Cannot read ${(error as NodeJS.ErrnoException).path ?? 'a file'}: ${(error as Error).message}\n`);
    return 2;
  }
  const digests = JSON.parse(files[1]);
  const result = verifyExport(files[0], JSON.stringify(Array.isArray(digests) ? digests : digests.items), files[2]);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(result.valid ? `The history checks out: ${result.events} events, head ${result.headHash}.\n` : `The history does NOT check out: ${result.problem}\n`);
  return result.valid ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
