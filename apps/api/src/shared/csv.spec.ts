import { csvCell, fromCsvCell } from './csv';

describe('CSV cells for Excel', () => {
  it.each(['=1+1', '+44 121', '-5 days', '@SUM(A1)', '\tx'])('makes %j inert with an apostrophe, and reads it back as it was', (value) => {
    const cell = csvCell(value);
    expect(cell.replace(/^"|"$/g, '').startsWith("'")).toBe(true);
    expect(fromCsvCell(cell.replace(/^"|"$/g, ''))).toBe(value);
  });

  it('quotes a cell with a quote, comma, semicolon, tab or line break, so none can split into a cell of its own', () => {
    expect(csvCell(';=1+1')).toBe('";=1+1"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('plain')).toBe('plain');
  });

  it('leaves numbers alone, negative ones too, and an apostrophe a person typed', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(fromCsvCell("'tis the season")).toBe("'tis the season");
  });
});
