import { inflateSync } from 'node:zlib';

/** What a structural reading of a PDF finds: the specs check our writer's output with it. */
export interface PdfStructure {
  version: string;
  /** Object number → byte offset, from the xref table. */
  xref: Map<number, number>;
  /** /Count of the page tree and the number of /Type /Page objects. */
  pageCount: number;
  pageObjects: number;
  /** Every string shown with Tj, page by page, decoded from WinAnsi. */
  pages: string[][];
}

const WIN_ANSI_EXTRA: Record<number, string> = { 0x85: '…', 0x96: '–', 0x97: '—', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x80: '€', 0x95: '•' };

function decodeLiteral(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[i + 1]!;
    if (/[0-7]/.test(next)) {
      const octal = body.slice(i + 1, i + 4).match(/^[0-7]{1,3}/)![0];
      const code = parseInt(octal, 8);
      out += WIN_ANSI_EXTRA[code] ?? String.fromCharCode(code);
      i += octal.length;
    } else {
      out += next;
      i++;
    }
  }
  return out;
}

/**
 * Reads the file's skeleton: checks that every xref offset points at its `n 0 obj`, that
 * startxref points at the xref table, and collects the text of each page's content stream.
 * Throws on anything malformed.
 */
export function inspectPdf(file: Buffer): PdfStructure {
  const text = file.toString('latin1');
  const version = /^%PDF-(\d\.\d)\n/.exec(text)?.[1];
  if (!version) throw new Error('no %PDF header');
  if (!text.endsWith('%%EOF\n')) throw new Error('no %%EOF trailer');
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
  if (!text.startsWith('xref\n', startxref)) throw new Error(`startxref ${startxref} does not point at the xref table`);
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(startxref))!;
  const entriesAt = startxref + `xref\n${first} ${count}\n`.length;
  const xref = new Map<number, number>();
  for (let i = 0; i < Number(count); i++) {
    const entry = text.slice(entriesAt + 20 * i, entriesAt + 20 * (i + 1));
    const m = /^(\d{10}) (\d{5}) ([nf]) \n$/.exec(entry);
    if (!m) throw new Error(`xref entry ${i} is not 20 bytes of "offset generation n|f"`);
    if (m[3] === 'f') continue;
    const id = Number(first) + i;
    const offset = Number(m[1]);
    if (!text.startsWith(`${id} 0 obj`, offset)) throw new Error(`xref offset ${offset} of object ${id} does not point at "${id} 0 obj"`);
    xref.set(id, offset);
  }
  const objectBody = (id: number) => {
    const start = xref.get(id);
    if (start === undefined) throw new Error(`object ${id} is not in the xref table`);
    return file.subarray(start, file.indexOf('endobj', start, 'latin1'));
  };
  const catalogRef = /\/Root (\d+) 0 R/.exec(text.slice(startxref))?.[1];
  const pagesRef = /\/Pages (\d+) 0 R/.exec(objectBody(Number(catalogRef)).toString('latin1'))?.[1];
  const tree = objectBody(Number(pagesRef)).toString('latin1');
  const pageCount = Number(/\/Count (\d+)/.exec(tree)?.[1]);
  const kidsList = /\/Kids \[([^\]]*)\]/.exec(tree)?.[1] ?? '';
  const kids = [...kidsList.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  let pageObjects = 0;
  const pages = kids.map((id) => {
    const page = objectBody(id).toString('latin1');
    if (/\/Type \/Page\b/.test(page)) pageObjects++;
    const contents = Number(/\/Contents (\d+) 0 R/.exec(page)![1]);
    const body = objectBody(contents);
    const dict = body.toString('latin1');
    const length = Number(/\/Length (\d+)/.exec(dict)![1]);
    const dataAt = body.indexOf('stream\n', 0, 'latin1') + 'stream\n'.length;
    const raw = body.subarray(dataAt, dataAt + length);
    const ops = (/\/FlateDecode/.test(dict) ? inflateSync(raw) : raw).toString('latin1');
    return [...ops.matchAll(/\(((?:\\.|[^\\)])*)\) Tj/g)].map((m) => decodeLiteral(m[1]!));
  });
  return { version, xref, pageCount, pageObjects, pages };
}
