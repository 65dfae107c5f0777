import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { DomainError, InvalidCommandError } from '@tracker/domain';
import { ImportProblem, ImportRefusedError } from '../spreadsheets/import-refused.error';
import { readRegisterRows } from '../spreadsheets/register-rows';
import { SPREADSHEET_REGISTERS, kindOf, mappingOf } from '../spreadsheets/register-spreadsheets';
import { readSpreadsheet } from '../spreadsheets/spreadsheet';

const HELP = `npm run cli -- <command> [options]

Talks to a running tracker over its API, as the person whose token it is given.

Commands:
  import   Import a register from a CSV or XLSX file. Every row is checked here first, with a
           progress bar; a file with problems is not sent, and every problem is listed. A good
           file is sent and recorded all at once: new items registered, changed ones amended.
  export   Save a register as XLSX or CSV.

Options:
  --programme ID      the programme's id (from the address of its pages)
  --register NAME     ${SPREADSHEET_REGISTERS.join(', ')}
  --file PATH         import: the file to import
  --map "HEADER=FIELD" import: read the column headed HEADER as FIELD (repeat for more)
  --format xlsx|csv   export: the format (xlsx unless given)
  --out PATH          export: where to save it (the server's file name unless given)
  --url URL           the tracker (TRACKER_URL, else http://127.0.0.1:3000)
  --token TOKEN       an API token (TRACKER_TOKEN); an adviser's to import
  -h, --help          this help

Examples:
  TRACKER_TOKEN=tt_… npm run cli -- import --programme 3f2b… --register contracts --file contracts.xlsx
  npm run cli -- export --programme 3f2b… --register contracts --format csv --token tt_…
`;

/** Something the person running the command can put right; printed without a stack trace. */
class UsageError extends Error {}

interface Connection {
  readonly url: URL;
  readonly token: string;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      programme: { type: 'string' },
      register: { type: 'string' },
      file: { type: 'string' },
      map: { type: 'string', multiple: true },
      format: { type: 'string' },
      out: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(HELP);
    return command === undefined && !values.help ? 2 : 0;
  }
  const programme = required(values.programme, '--programme');
  const register = required(values.register, '--register');
  if (!SPREADSHEET_REGISTERS.includes(register)) throw new UsageError(`--register must be one of ${SPREADSHEET_REGISTERS.join(', ')}, not "${register}"`);
  const connection = connectionOf(values.url, values.token);
  switch (command) {
    case 'import':
      return importRegister(connection, programme, register, required(values.file, '--file'), (values.map ?? []).join('\n'));
    case 'export':
      return exportRegister(connection, programme, register, values.format ?? 'xlsx', values.out);
    default:
      throw new UsageError(`there is no command "${command}"; the commands are import and export (npm run cli -- --help)`);
  }
}

async function importRegister(connection: Connection, programme: string, register: string, path: string, mapText: string): Promise<number> {
  const file = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${path}: ${error.code === 'ENOENT' ? 'there is no such file' : error.message}`);
  });
  const mapping = mappingOf(mapText);
  const bar = progressBar('Checking rows');
  try {
    const sheet = await readSpreadsheet(file, register);
    const { rows } = await readRegisterRows(sheet, kindOf(register), mapping, (done, of) => bar.update(done, of));
    bar.finish(`Checked ${count(rows.length, 'row')}: no problems.`);
  } catch (error) {
    bar.finish('');
    if (error instanceof ImportRefusedError) return printProblems(error.problems, error.totalProblems);
    throw error;
  }

  const upload = progressBar('Sending');
  const fields: Record<string, string> = mapText === '' ? {} : { mapping: mapText };
  const response = await send(connection, 'POST', `/api/programmes/${programme}/imports?register=${register}`, multipart(file, basename(path), fields), (sent, of) => upload.update(sent, of));
  upload.finish('');
  const body = JSON.parse(response.body.toString('utf8') || '{}');
  if (response.status === 201) {
    process.stdout.write(`Recorded ${count(body.recorded, 'row')}; ${body.unchanged.toLocaleString('en-GB')} unchanged.\n`);
    if (body.ignoredColumns?.length) process.stdout.write(`Columns not imported (the register has no such field): ${body.ignoredColumns.join(', ')}.\n`);
    return 0;
  }
  if (response.status === 422 && Array.isArray(body.problems)) return printProblems(body.problems, body.totalProblems ?? body.problems.length);
  throw new UsageError(`the tracker answered ${response.status}: ${body.message ?? response.body.toString('utf8').slice(0, 300)}`);
}

async function exportRegister(connection: Connection, programme: string, register: string, format: string, out: string | undefined): Promise<number> {
  if (format !== 'xlsx' && format !== 'csv') throw new UsageError(`--format must be xlsx or csv, not "${format}"`);
  const response = await send(connection, 'GET', `/api/programmes/${programme}/exports/${register}?format=${format}`);
  if (response.status !== 200) {
    const body = JSON.parse(response.body.toString('utf8') || '{}');
    throw new UsageError(`the tracker answered ${response.status}: ${body.message ?? ''}`);
  }
  const suggested = /filename="([^"]+)"/.exec(response.headers['content-disposition'] ?? '')?.[1] ?? `${register}.${format}`;
  const target = out ?? suggested;
  await writeFile(target, response.body);
  process.stdout.write(`Saved ${register} to ${target} (${count(response.body.length, 'byte')}).\n`);
  return 0;
}

function printProblems(problems: readonly ImportProblem[], total: number): number {
  const listed = problems.length < total ? ` (the first ${problems.length.toLocaleString('en-GB')} are listed)` : '';
  process.stderr.write(`${count(total, 'problem')} in the file${listed}; nothing was recorded.\n\n`);
  const rows = problems.map((p) => [String(p.row), p.column, p.value, p.problem]);
  const widths = [3, 6, 5].map((min, i) => Math.min(40, Math.max(min, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 3 ? cell.slice(0, 40).padEnd(widths[i]) : cell)).join('  ');
  process.stderr.write(`${line(['Row', 'Column', 'Value', 'Problem'])}\n${rows.map(line).join('\n')}\n`);
  return 1;
}

function connectionOf(url = process.env.TRACKER_URL ?? 'http://127.0.0.1:3000', token = process.env.TRACKER_TOKEN): Connection {
  if (!token) throw new UsageError('an API token is needed: --token or TRACKER_TOKEN');
  try {
    return { url: new URL(url), token };
  } catch {
    throw new UsageError(`--url must be an address like http://127.0.0.1:3000, not "${url}"`);
  }
}

function required(value: string | undefined, option: string): string {
  if (value === undefined || value === '') throw new UsageError(`${option} is required (npm run cli -- --help)`);
  return value;
}

function multipart(file: Buffer, filename: string, fields: Record<string, string>): { body: Buffer; contentType: string } {
  const boundary = `----tracker${randomUUID()}`;
  const parts = [
    ...Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename.replace(/"/g, '')}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ];
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | undefined>;
  readonly body: Buffer;
}

/** One request, with the body written in chunks so that a big file's sending can be shown. */
function send(connection: Connection, method: string, path: string, payload?: { body: Buffer; contentType: string }, onSent?: (sent: number, of: number) => void): Promise<Answer> {
  const url = new URL(path, connection.url);
  const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
    method,
    headers: { authorization: `Bearer ${connection.token}`, ...(payload ? { 'content-type': payload.contentType, 'content-length': payload.body.length } : {}) },
  });
  return new Promise((resolve, reject) => {
    request.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ECONNREFUSED' ? new UsageError(`nothing answers at ${connection.url.origin}; is the tracker running (npm start)? Set --url if it is elsewhere.`) : error),
    );
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers as Record<string, string | undefined>, body: Buffer.concat(chunks) }));
    });
    if (!payload) return void request.end();
    const size = payload.body.length;
    const chunk = 64 * 1024;
    let sent = 0;
    const writeNext = (): void => {
      while (sent < size) {
        const part = payload.body.subarray(sent, sent + chunk);
        sent += part.length;
        onSent?.(sent, size);
        if (!request.write(part)) return void request.once('drain', writeNext);
      }
      request.end();
    };
    writeNext();
  });
}

/** A bar on a terminal; on anything else (a CI log), a line at every tenth. */
function progressBar(label: string) {
  const tty = process.stderr.isTTY === true;
  let shownTenth = -1;
  let lastDraw = 0;
  return {
    update(done: number, of: number): void {
      const fraction = of === 0 ? 1 : done / of;
      if (tty) {
        if (Date.now() - lastDraw < 50 && done < of) return;
        lastDraw = Date.now();
        const width = 30;
        const filled = Math.round(fraction * width);
        process.stderr.write(`\r${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${done.toLocaleString('en-GB')}/${of.toLocaleString('en-GB')}`);
      } else if (Math.floor(fraction * 10) > shownTenth) {
        shownTenth = Math.floor(fraction * 10);
        process.stderr.write(`${label}: ${shownTenth * 10}% (${done.toLocaleString('en-GB')} of ${of.toLocaleString('en-GB')})\n`);
      }
    },
    finish(message: string): void {
      if (tty) process.stderr.write('\r\x1b[K');
      if (message) process.stdout.write(`${message}\n`);
    },
  };
}

const count = (n: number, noun: string) => `${n.toLocaleString('en-GB')} ${noun}${n === 1 ? '' : 's'}`;

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof InvalidCommandError || error instanceof DomainError) {
      const problems = error instanceof InvalidCommandError ? error.problems.map((p) => `${p.field} ${p.problem}`).join('; ') : error.message;
      process.stderr.write(`Error: ${problems}\n`);
      process.exitCode = 2;
    } else if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`Error: ${(error as Error).message} (npm run cli -- --help)\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`The command failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
