import { InvalidCommandError } from '@tracker/domain';
import { SpreadsheetTooLargeError, checkTable, checkWorkbook } from './workbook-guard';
import { zipOf } from '../../../../test/support/zip-of';

const sheetOf = (rows: number, columns: number) => {
  const letters = (n: number): string => (n <= 26 ? String.fromCharCode(64 + n) : letters(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));
  const cells = (r: number) => Array.from({ length: columns }, (_, c) => `<c r="${letters(c + 1)}${r}" t="n"><v>1</v></c>`).join('');
  return Buffer.from(`<worksheet><sheetData>${Array.from({ length: rows }, (_, r) => `<row r="${r + 1}">${cells(r + 1)}</row>`).join('')}</sheetData></worksheet>`);
};
const limits = { maxInflatedBytes: 1024 * 1024, maxCells: 1_000, maxColumns: 20 };

describe('checking a workbook before it is read', () => {
  it('refuses a zip whose headers declare more than the limit', async () => {
    const bomb = zipOf([{ name: 'xl/worksheets/sheet1.xml', content: Buffer.alloc(2 * 1024 * 1024, 0x20) }]);
    await expect(checkWorkbook(bomb, limits)).rejects.toThrow('unpacks to 2.0 MiB, more than the 1.0 MiB allowed');
  });

  it('refuses a zip bomb whose headers lie about its size, inflating no more than the limit', async () => {
    const bomb = zipOf([{ name: 'xl/sharedStrings.xml', content: Buffer.alloc(64 * 1024 * 1024, 0x20), declaredSize: 100 }]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    await expect(checkWorkbook(bomb, limits)).rejects.toBeInstanceOf(SpreadsheetTooLargeError);
    await expect(checkWorkbook(bomb, limits)).rejects.toThrow('larger than its header says');
  });

  it('counts cells and columns in the worksheets, both ways', async () => {
    await expect(checkWorkbook(zipOf([{ name: 'xl/worksheets/sheet1.xml', content: sheetOf(50, 20) }]), limits)).resolves.toBeUndefined();
    await expect(checkWorkbook(zipOf([{ name: 'xl/worksheets/sheet1.xml', content: sheetOf(60, 20) }]), limits)).rejects.toThrow('has more than 1,000 cells');
    await expect(checkWorkbook(zipOf([{ name: 'xl/worksheets/sheet1.xml', content: sheetOf(2, 28) }]), limits)).rejects.toThrow('has 28 columns in a sheet, more than the 20 allowed');
  });

  it('refuses what it cannot walk, rather than passing it to a reader that might: not a zip, bytes before the zip, a ZIP64 marker', async () => {
    await expect(checkWorkbook(Buffer.from('PK\u0003\u0004 not really a zip'), limits)).rejects.toThrow(InvalidCommandError);
    const sheet = zipOf([{ name: 'xl/worksheets/sheet1.xml', content: sheetOf(5, 5) }]);
    await expect(checkWorkbook(sheet, limits)).resolves.toBeUndefined();
    // A reader that corrects offsets would find this zip after the prefix; the guard would not.
    await expect(checkWorkbook(Buffer.concat([Buffer.from('PK\u0003\u0004xxxx'), sheet]), limits)).rejects.toThrow('its zip directory is not where it says');
    const zip64 = Buffer.from(sheet);
    zip64.writeUInt32LE(0xffffffff, zip64.length - 22 + 12); // the directory's size maxed: go and find a ZIP64 record
    await expect(checkWorkbook(zip64, limits)).rejects.toThrow('is a ZIP64 archive');
  });

  it('counts a CSV’s cells and columns once parsed', () => {
    expect(() => checkTable([{ cells: new Array(21).fill('x') }], limits)).toThrow('has 21 columns');
    expect(() => checkTable(Array.from({ length: 51 }, () => ({ cells: new Array(20).fill('x') })), limits)).toThrow('has more than 1,000 cells');
    expect(() => checkTable(Array.from({ length: 50 }, () => ({ cells: new Array(20).fill('x') })), limits)).not.toThrow();
  });
});
