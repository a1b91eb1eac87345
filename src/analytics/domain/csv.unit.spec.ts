import { describe, expect, it } from 'vitest';
import { csvRecord, neutraliseFormula, toCsv } from './csv.js';
import { parseCsv } from './csv-parse.js';

describe('CSV (RFC 4180)', () => {
  it('quotes fields with commas, quotes or line breaks, doubles quotes and ends records with CRLF', () => {
    expect(csvRecord(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere'])).toBe('plain,"a,b","say ""hi""","two\nlines","cr\rhere"\r\n');
  });

  it('writes numbers as numbers, booleans as true/false and null as an empty field', () => {
    expect(csvRecord([0, 12.5, -3, true, false, null, Number.NaN])).toBe('0,12.5,-3,true,false,,\r\n');
  });

  it('keeps text that a spreadsheet would run as a formula as text', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseFormula(text)).toBe(`'${text}`);
    expect(csvRecord(['=HYPERLINK("http://evil")', 'ok=1'])).toBe(`"'=HYPERLINK(""http://evil"")",ok=1\r\n`);
  });

  it('reads back what it writes, UTF-8 text included', () => {
    const rows = [
      ['Zürich', '東京', 'a,b', 'line\r\nbreak', '"quoted"', ''],
      ['', '', '', '', '', 'last'],
    ];
    const text = toCsv(['a', 'b', 'c', 'd', 'e', 'f'], rows);
    expect(parseCsv(text)).toEqual([['a', 'b', 'c', 'd', 'e', 'f'], ...rows]);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'utf8'))).toBe(text);
  });

  it('refuses an unterminated quoted field', () => {
    expect(() => parseCsv('"open\r\n')).toThrow(/unterminated/);
  });
});
