import { A4, PdfPageCanvas, fitText, pdfDocument, textWidth, type PdfFont } from './pdf-writer.js';
import type { ReportDocument, ReportSection } from './report-document.js';

const MARGIN = 36;
const WIDTH = A4.width - 2 * MARGIN;
const BOTTOM = A4.height - 48;
const CELL_SIZE = 7.5;
const ROW_HEIGHT = 11;
const PAD = 3;

/**
 * Lays a report out on A4 portrait pages: title and lines, then each section's heading and
 * table (header row repeated on every page it spans, long cells cut with an ellipsis), notes,
 * and "page i of n" at the foot of each page.
 */
export function renderReportPdf(doc: ReportDocument, createdAt: Date): Buffer {
  const pages: PdfPageCanvas[] = [];
  let page = new PdfPageCanvas();
  pages.push(page);
  let top = MARGIN + 16;
  const newPage = () => {
    page = new PdfPageCanvas();
    pages.push(page);
    top = MARGIN + 8;
  };
  const ensure = (height: number) => {
    if (top + height > BOTTOM) newPage();
  };
  const write = (text: string, font: PdfFont, size: number, grey = 0) => {
    ensure(size + 4);
    page.text(MARGIN, top, fitText(text, font, size, WIDTH), font, size, grey);
    top += size + 4;
  };

  write(doc.title, 'bold', 16);
  top += 2;
  for (const line of doc.lines) write(line, 'regular', 9, 0.25);

  for (const section of doc.sections) {
    top += 20;
    // A heading never sits alone at the foot of a page.
    ensure(14 + 2 * ROW_HEIGHT + 4);
    write(section.heading, 'bold', 11);
    top += 2;
    const widths = columnWidths(section);
    const tableWidth = widths.reduce((a, b) => a + b, 0);
    const header = () => {
      page.fillRect(MARGIN, top - 1, tableWidth, ROW_HEIGHT, 0.85);
      row(section.columns.map((c) => c.label), 'bold');
    };
    const row = (cells: readonly string[], font: PdfFont) => {
      let x = MARGIN;
      cells.forEach((cell, i) => {
        const width = widths[i]!;
        const text = fitText(cell, font, CELL_SIZE, width - 2 * PAD);
        const right = section.columns[i]!.align === 'right';
        const at = right ? x + width - PAD - textWidth(text, font, CELL_SIZE) : x + PAD;
        if (text) page.text(at, top + CELL_SIZE, text, font, CELL_SIZE);
        x += width;
      });
      top += ROW_HEIGHT;
    };
    header();
    if (section.rows.length === 0) write(section.empty ?? 'None.', 'regular', CELL_SIZE, 0.35);
    section.rows.forEach((cells, i) => {
      if (top + ROW_HEIGHT > BOTTOM) {
        newPage();
        header();
      }
      if (i % 2 === 1) page.fillRect(MARGIN, top - 1, tableWidth, ROW_HEIGHT, 0.95);
      row(cells, 'regular');
    });
    page.line(MARGIN, top, MARGIN + tableWidth, top);
  }

  if (doc.notes?.length) {
    top += 10;
    for (const note of doc.notes) write(note, 'regular', 7.5, 0.35);
  }

  pages.forEach((p, i) => {
    const footer = `${doc.title} - page ${i + 1} of ${pages.length}`;
    p.text(MARGIN, A4.height - 28, fitText(footer, 'regular', 7, WIDTH), 'regular', 7, 0.4);
  });
  return pdfDocument(pages, { title: doc.title, createdAt });
}

/**
 * Each column's natural width (its widest cell), scaled to fill the page (compact sections
 * get a little air instead); when they do not fit, narrow columns keep their width and the
 * wide ones share what is left equally.
 */
function columnWidths(section: ReportSection): number[] {
  const natural = section.columns.map((c, i) => {
    let widest = textWidth(c.label, 'bold', CELL_SIZE);
    for (const row of section.rows) widest = Math.max(widest, textWidth(row[i] ?? '', 'regular', CELL_SIZE));
    return widest + 2 * PAD;
  });
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= WIDTH) return natural.map((w) => (w * (section.compact ? Math.min(WIDTH, total * 1.5) : WIDTH)) / total);
  const widths = [...natural];
  let open = natural.map((_, i) => i);
  let room = WIDTH;
  for (;;) {
    const share = room / open.length;
    const narrow = open.filter((i) => natural[i]! <= share);
    if (narrow.length === 0) {
      for (const i of open) widths[i] = share;
      return widths;
    }
    for (const i of narrow) room -= natural[i]!;
    open = open.filter((i) => natural[i]! > share);
  }
}
