import { describe, expect, it } from 'vitest';
import { inspectPdf } from './pdf-inspect.js';
import { renderReportPdf } from './pdf-report.js';
import { PdfPageCanvas, fitText, pdfDocument, textWidth, winAnsi } from './pdf-writer.js';
import { reportDocument } from './report-document.js';
import { PERSON_REPORT, SPACE_REPORT, siteReport } from './report-fixtures.js';

const CREATED = new Date('2026-04-02T10:00:00Z');
const allText = (pages: string[][]) => pages.flat().join('\n');

describe('PDF writer', () => {
  it('writes a PDF 1.4 file whose xref offsets point at their objects and whose pages carry their text', () => {
    const pages = [new PdfPageCanvas().text(50, 50, 'Hello (world) \\ back', 'bold', 12), new PdfPageCanvas().text(50, 50, 'second', 'regular', 10)];
    const pdf = inspectPdf(pdfDocument(pages, { title: 'Test', createdAt: CREATED }));
    expect(pdf.version).toBe('1.4');
    expect(pdf.pageCount).toBe(2);
    expect(pdf.pageObjects).toBe(2);
    expect(pdf.pages).toEqual([['Hello (world) \\ back'], ['second']]);
    // catalog, pages, 2 fonts, 2 × (page + contents), info
    expect(pdf.xref.size).toBe(9);
  });

  it('encodes text as WinAnsi: Latin-1 and cp1252 punctuation kept, accents dropped beyond, the rest "?"', () => {
    expect(winAnsi('Zürich – “ok” €')).toEqual([...'Zürich '].map((c) => c.charCodeAt(0)).concat([0x96, 0x20, 0x93, 0x6f, 0x6b, 0x94, 0x20, 0x80]));
    expect(String.fromCharCode(...winAnsi('Łódź Őr'))).toBe('?ódz Or');
    expect(String.fromCharCode(...winAnsi('東京\tx'))).toBe('?? x');
  });

  it('measures Helvetica and cuts text to a width with an ellipsis', () => {
    expect(textWidth('Hello', 'regular', 10)).toBeCloseTo(22.78, 2);
    expect(textWidth('Hello', 'bold', 10)).toBeGreaterThan(textWidth('Hello', 'regular', 10));
    const cut = fitText('A rather long space name that will not fit', 'regular', 8, 60);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 'regular', 8)).toBeLessThanOrEqual(60);
    expect(fitText('short', 'regular', 8, 60)).toBe('short');
  });
});

describe('report PDF', () => {
  it('space report: one A4 page with the title, the period, the summary figures and every booking', () => {
    const file = renderReportPdf(reportDocument(SPACE_REPORT), CREATED);
    expect(file.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
    const pdf = inspectPdf(file);
    expect(pdf.pageCount).toBe(1);
    const text = allText(pdf.pages);
    expect(text).toContain('Space report: Zürich Boardroom, "big" one');
    expect(text).toContain('Period: 2026-03-01 up to 2026-04-01');
    expect(text).toContain('4.44 %'); // 330 of 7440 minutes
    expect(text).toContain('1 (25.00 %)'); // cancelled
    for (const start of ['2026-03-02 09:00', '2026-03-03 13:00', '2026-03-04 23:00', '2026-03-05 09:00']) expect(text).toContain(start);
    expect(text).toContain('2026-03-05 02:00'); // an end on the next local day shows its date
    expect(text).toContain('Åsa Ødegård');
    expect(text).toContain('cancelled (late)');
    expect(text).toContain('Space report: Zürich Boardroom, "big" one - page 1 of 1');
  });

  it('site report: a long table runs over pages, each with its header row and page number', () => {
    const pdf = inspectPdf(renderReportPdf(reportDocument(siteReport(300)), CREATED));
    expect(pdf.pageCount).toBeGreaterThan(3);
    expect(pdf.pageObjects).toBe(pdf.pageCount);
    pdf.pages.forEach((page, i) => {
      expect(page).toContain('Util. %');
      expect(page.at(-1)).toBe(`Site report: Headquarters - page ${i + 1} of ${pdf.pageCount}`);
    });
    const text = allText(pdf.pages);
    for (let i = 0; i < 300; i += 37) expect(text).toContain(`Room ${i}${i % 7 === 0 ? ' (retired)' : ''}`);
    expect(text).toContain('Site total');
  });

  it('person report: non-Latin-1 names degrade to "?"', () => {
    const text = allText(inspectPdf(renderReportPdf(reportDocument(PERSON_REPORT), CREATED)).pages);
    expect(text).toContain('Person report: Åsa Ødegård');
    expect(text).toContain('?? Room');
    expect(text).toContain('Per space');
  });
});
