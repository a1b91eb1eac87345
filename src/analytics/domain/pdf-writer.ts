import { deflateSync } from 'node:zlib';

/**
 * A minimal PDF 1.4 writer: pages of content-stream operators, the two standard fonts
 * Helvetica and Helvetica-Bold (nothing embedded) in WinAnsiEncoding, Flate-compressed
 * streams and a byte-exact cross-reference table. Text outside WinAnsi (Latin-1 plus the
 * cp1252 punctuation) loses its accents, or shows as `?` when nothing is left.
 */
export const A4 = { width: 595.28, height: 841.89 } as const;

export type PdfFont = 'regular' | 'bold';
const FONT_RESOURCE: Record<PdfFont, string> = { regular: 'F1', bold: 'F2' };

/** cp1252 codes 0x80–0x9F by code point: WinAnsiEncoding's characters beyond Latin-1. */
const CP1252_EXTRA = new Map<number, number>(
  [
    [0x20ac, 0x80], [0x201a, 0x82], [0x0192, 0x83], [0x201e, 0x84], [0x2026, 0x85], [0x2020, 0x86], [0x2021, 0x87], [0x02c6, 0x88],
    [0x2030, 0x89], [0x0160, 0x8a], [0x2039, 0x8b], [0x0152, 0x8c], [0x017d, 0x8e], [0x2018, 0x91], [0x2019, 0x92], [0x201c, 0x93],
    [0x201d, 0x94], [0x2022, 0x95], [0x2013, 0x96], [0x2014, 0x97], [0x02dc, 0x98], [0x2122, 0x99], [0x0161, 0x9a], [0x203a, 0x9b],
    [0x0153, 0x9c], [0x017e, 0x9e], [0x0178, 0x9f],
  ],
);

function winAnsiCode(codePoint: number): number | undefined {
  if ((codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff)) return codePoint;
  return CP1252_EXTRA.get(codePoint);
}

/** Text as WinAnsi bytes: controls become spaces; others lose their accents (ő → o) or become `?`. */
export function winAnsi(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
      out.push(0x20);
      continue;
    }
    const direct = winAnsiCode(cp);
    if (direct !== undefined) {
      out.push(direct);
      continue;
    }
    const base = [...ch.normalize('NFD')].map((c) => winAnsiCode(c.codePointAt(0)!));
    out.push(base[0] !== undefined && base.length > 1 && base.slice(1).every((c) => c === undefined) ? base[0] : 0x3f);
  }
  return out;
}

// Advance widths (1/1000 em) of Helvetica and Helvetica-Bold for codes 32–126, from Adobe's AFM files.
const WIDTHS: Record<PdfFont, number[]> = {
  regular: [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
  ],
  bold: [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
  ],
};
/** Beyond ASCII an average letter's width is close enough for fitting text into a column. */
const OTHER_WIDTH = 556;

/** Width in points of `text` set in `font` at `size`. */
export function textWidth(text: string, font: PdfFont, size: number): number {
  const widths = WIDTHS[font];
  let units = 0;
  for (const code of winAnsi(text)) units += code >= 32 && code <= 126 ? widths[code - 32]! : OTHER_WIDTH;
  return (units * size) / 1000;
}

/** The longest start of `text` that fits `maxWidth`, with an ellipsis when something was cut. */
export function fitText(text: string, font: PdfFont, size: number, maxWidth: number): string {
  if (textWidth(text, font, size) <= maxWidth) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, mid).join('')}…`, font, size) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : `${chars.slice(0, lo).join('')}…`;
}

/** A PDF literal string: printable ASCII as is, `( ) \` escaped, every other byte as an octal escape. */
function literal(text: string): string {
  let out = '(';
  for (const code of winAnsi(text)) {
    if (code === 0x28 || code === 0x29 || code === 0x5c) out += `\\${String.fromCharCode(code)}`;
    else if (code >= 0x20 && code <= 0x7e) out += String.fromCharCode(code);
    else out += `\\${code.toString(8).padStart(3, '0')}`;
  }
  return `${out})`;
}

const num = (n: number) => (Math.round(n * 100) / 100).toString();

/** Content-stream operators of one page, with y measured from the top of the page. */
export class PdfPageCanvas {
  private readonly ops: string[] = [];

  text(x: number, top: number, text: string, font: PdfFont, size: number, grey = 0): this {
    this.ops.push(`BT /${FONT_RESOURCE[font]} ${num(size)} Tf ${num(grey)} g ${num(x)} ${num(A4.height - top)} Td ${literal(text)} Tj ET`);
    return this;
  }

  /** A filled rectangle in grey (0 black … 1 white), `top` its upper edge. */
  fillRect(x: number, top: number, width: number, height: number, grey: number): this {
    this.ops.push(`${num(grey)} g ${num(x)} ${num(A4.height - top - height)} ${num(width)} ${num(height)} re f`);
    return this;
  }

  line(x1: number, top1: number, x2: number, top2: number, width = 0.5): this {
    this.ops.push(`0 G ${num(width)} w ${num(x1)} ${num(A4.height - top1)} m ${num(x2)} ${num(A4.height - top2)} l S`);
    return this;
  }

  content(): string {
    return this.ops.join('\n');
  }
}

export interface PdfInfo {
  title: string;
  /** The document's creation instant (comes in as an argument: domain code reads no clock). */
  createdAt: Date;
}

function pdfDate(d: Date): string {
  const iso = d.toISOString();
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/**
 * The whole file: catalog, page tree, fonts, info, then a page and a content stream per page,
 * the xref table with each object's byte offset, and the trailer.
 */
export function pdfDocument(pages: readonly PdfPageCanvas[], info: PdfInfo): Buffer {
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (chunk: Buffer | string) => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    chunks.push(buf);
    length += buf.length;
  };
  const object = (id: number, body: string | Buffer[]) => {
    offsets[id] = length;
    push(`${id} 0 obj\n`);
    if (typeof body === 'string') push(body);
    else for (const part of body) push(part);
    push('\nendobj\n');
  };

  const FIRST_PAGE = 5;
  const pageIds = pages.map((_, i) => FIRST_PAGE + 2 * i);
  // Binary marker comment: tells transfer tools the file is binary.
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  object(3, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  object(4, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const fonts = '<< /F1 3 0 R /F2 4 0 R >>';
  pages.forEach((page, i) => {
    const id = pageIds[i]!;
    object(id, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] /Resources << /Font ${fonts} >> /Contents ${id + 1} 0 R >>`);
    const stream = deflateSync(Buffer.from(page.content(), 'latin1'));
    object(id + 1, [Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), stream, Buffer.from('\nendstream', 'latin1')]);
  });
  const infoId = FIRST_PAGE + 2 * pages.length;
  object(infoId, `<< /Title ${literal(info.title)} /Producer (Reserva) /CreationDate (${pdfDate(info.createdAt)}) >>`);

  const xrefAt = length;
  const size = infoId + 1;
  push(`xref\n0 ${size}\n0000000000 65535 f \n`);
  for (let id = 1; id < size; id++) push(`${String(offsets[id]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${size} /Root 1 0 R /Info ${infoId} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
  return Buffer.concat(chunks, length);
}
