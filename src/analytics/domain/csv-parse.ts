/**
 * Reads an RFC 4180 document back into records of text fields (quoted fields may hold commas,
 * doubled quotes and line breaks; records end with CRLF). What our exports write, this reads:
 * the specs use it to prove a CSV export says what the JSON says.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let value = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') value += ch;
      else if (text[i + 1] === '"') {
        value += '"';
        i++;
      } else quoted = false;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(value);
      value = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(value);
      records.push(record);
      record = [];
      value = '';
      i++;
    } else value += ch;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (value !== '' || record.length > 0) records.push([...record, value]);
  return records;
}
