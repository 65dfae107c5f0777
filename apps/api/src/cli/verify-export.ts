import { readFileSync } from 'node:fs';
import { ExportVerification, verifyExport } from '@tracker/audit';

const USAGE = `usage: npm run verify-export -- <audit.jsonl> <digests.json>... [<public-key.pem>] (--fingerprint <64 hex> | --key <your-public-key.pem>)

  audit.jsonl      GET /api/programmes/{id}/audit?format=jsonl
  digests.json     one or more digest files: the digests as your witnesses received them (email or
                   webhook), and/or the whole answer of GET /api/programmes/{id}/digests
  public-key.pem   the key that came with the files (optional: GET …/digests carries it too)
  --fingerprint    the fingerprint of the key YOU hold, kept apart from the server
  --key            your own copy of the public key, kept apart from the server

exit status: 0 checks out against the key you named; 1 does not check out; 2 the files cannot be
used; 3 the files agree with each other, but you named no key of your own, so this proves nothing
about whether the server re-signed them.
`;

export const EXIT = { CHECKS_OUT: 0, DOES_NOT_CHECK_OUT: 1, UNUSABLE: 2, NOT_PINNED: 3 } as const;

interface Args {
  readonly exportFile: string;
  readonly digestFiles: string[];
  readonly keyFile?: string;
  readonly trustedKeyFile?: string;
  readonly fingerprint?: string;
}

function parse(args: string[]): Args | string {
  const positional: string[] = [];
  let trustedKeyFile: string | undefined;
  let fingerprint: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') return '';
    if (arg === '--key' || arg === '--fingerprint') {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) return `${arg} needs a value`;
      if (arg === '--key') trustedKeyFile = value;
      else fingerprint = value;
    } else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else positional.push(arg);
  }
  if (positional.length < 2) return 'give the export and at least one digest file';
  const [exportFile, ...rest] = positional;
  return { exportFile, digestFiles: rest, trustedKeyFile, fingerprint };
}

const read = (file: string) => readFileSync(file, 'utf8');

/** Merges several digest files (witness copies, the server's list) into one list, each digest once. */
function mergeDigestFiles(texts: string[]): { json: string; serverKey?: string } | string {
  const items: unknown[] = [];
  const rotations: unknown[] = [];
  let serverKey: string | undefined;
  for (const text of texts) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return 'a digest file is not valid JSON';
    }
    if (Array.isArray(value)) items.push(...value);
    else if (value && typeof value === 'object' && 'items' in value) {
      const list = value as { items: unknown; publicKey?: unknown; rotations?: unknown };
      if (Array.isArray(list.items)) items.push(...list.items);
      else items.push(list.items);
      if (Array.isArray(list.rotations)) rotations.push(...list.rotations);
      if (typeof list.publicKey === 'string') serverKey = list.publicKey;
    } else if (value && typeof value === 'object' && !('signature' in value) && 'digest' in value && typeof value.digest === 'object') {
      // The body a webhook witness received: {"digest","keyFingerprint","programme"}.
      items.push(value.digest);
    } else items.push(value);
  }
  const seen = new Set<string>();
  const unique = items.filter((item) => {
    const key = JSON.stringify(item);
    return seen.has(key) ? false : (seen.add(key), true);
  });
  const uniqueRotations = [...new Map(rotations.map((r) => [JSON.stringify(r), r])).values()];
  return { json: JSON.stringify({ items: unique, rotations: uniqueRotations }), serverKey };
}

export function run(args: string[], out: (text: string) => void = (t) => process.stdout.write(t), err: (text: string) => void = (t) => process.stderr.write(t)): number {
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    err(`${parsed ? `${parsed}\n\n` : ''}${USAGE}`);
    return EXIT.UNUSABLE;
  }
  let exportText: string;
  let keyPem: string | undefined;
  let trustedKeyPem: string | undefined;
  const digestTexts: string[] = [];
  try {
    exportText = read(parsed.exportFile);
    for (const file of parsed.digestFiles) {
      const text = read(file);
      // A PEM among the files is the key that came with them, as the old three-file form gave it.
      if (/^\s*-----BEGIN /.test(text)) keyPem = text;
      else digestTexts.push(text);
    }
    if (parsed.trustedKeyFile !== undefined) trustedKeyPem = read(parsed.trustedKeyFile);
  } catch (error) {
    err(`Cannot read ${(error as NodeJS.ErrnoException).path ?? 'a file'}: ${(error as Error).message}\n`);
    return EXIT.UNUSABLE;
  }
  if (digestTexts.length === 0) {
    err(`No digest file was given.\n\n${USAGE}`);
    return EXIT.UNUSABLE;
  }
  const merged = mergeDigestFiles(digestTexts);
  if (typeof merged === 'string') {
    err(`The files cannot be used: ${merged}\n`);
    return EXIT.UNUSABLE;
  }
  const result = verifyExport(exportText, merged.json, keyPem ?? merged.serverKey, { trustedKeyPem, trustedFingerprint: parsed.fingerprint });
  out(`${JSON.stringify(result, null, 2)}\n`);
  out(`${summary(result)}\n`);
  return status(result);
}

function status(result: ExportVerification): number {
  if (result.unusable) return EXIT.UNUSABLE;
  if (!result.valid) return EXIT.DOES_NOT_CHECK_OUT;
  return result.keyPinned ? EXIT.CHECKS_OUT : EXIT.NOT_PINNED;
}

function summary(result: ExportVerification): string {
  if (result.unusable) return `The files cannot be used: ${result.problem}`;
  const signers = [...new Set(result.digestsChecked.map((d) => d.keyFingerprint))];
  const keys = signers.length === 0 ? '' : `\nDigests checked: ${result.digestsChecked.length}, signed by key${signers.length === 1 ? '' : 's'} ${signers.join(', ')}.`;
  if (!result.valid) return `The history does NOT check out: ${result.problem}\n${result.coverage.statement}${keys}`;
  const line = `The events agree with the signed digests. ${result.coverage.statement}${keys}`;
  if (result.keyPinned) return `${line}\nChecked against the key you hold (fingerprint ${result.trustedFingerprint}).`;
  return [
    line,
    '',
    '!!! WARNING: YOU NAMED NO KEY OF YOUR OWN. !!!',
    '!!! This proves only that these files agree with each other, NOT that the server did not re-sign them:',
    '!!! whoever can rewrite the server can also re-sign every digest with a key of their own.',
    `!!! Run again with --fingerprint <the fingerprint you hold> (the key used here is ${result.trustedFingerprint}).`,
  ].join('\n');
}

if (require.main === module) process.exitCode = run(process.argv.slice(2));
