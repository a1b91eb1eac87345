import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { contentLine, escapeText, foldLine, formatUtcDateTime, paramValue, raw, serializeComponent, text, unfold } from './ics.js';

const octets = (line: string) => new TextEncoder().encode(line).length;

describe('ics content lines', () => {
  it('escapes backslash, semicolon, comma and every kind of line break in TEXT', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });

  it('formats instants as UTC DATE-TIME without fractions', () => {
    expect(formatUtcDateTime('2024-01-31T08:30:15.123Z')).toBe('20240131T083015Z');
    expect(formatUtcDateTime(new Date('2024-07-01T10:00:00+02:00'))).toBe('20240701T080000Z');
    expect(() => formatUtcDateTime('yesterday')).toThrow(RangeError);
  });

  it('folds a long Russian purpose at ≤75 octets without splitting a character, and unfolds it back', () => {
    const purpose = 'Квартальное планирование отдела продаж; бюджет, найм и цели на следующий квартал — всё обсуждаем здесь';
    const line = contentLine(text('SUMMARY', purpose));
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(2);
    for (const [i, l] of physical.entries()) {
      expect(octets(l)).toBeLessThanOrEqual(75);
      if (i > 0) expect(l.startsWith(' ')).toBe(true);
      // Every physical line is valid UTF-8 on its own: no sequence split across lines.
      expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(l))).toBe(l);
    }
    expect(unfold(folded)).toBe(line);

    const parsed = new ICAL.Component(ICAL.parse(serializeComponent({ name: 'VEVENT', properties: [text('SUMMARY', purpose)] })));
    expect(parsed.getFirstPropertyValue('summary')).toBe(purpose);
  });

  it('keeps emoji (4-octet sequences) whole across folds', () => {
    const line = contentLine(text('SUMMARY', '🎉'.repeat(40)));
    for (const l of foldLine(line).split('\r\n')) {
      expect(octets(l)).toBeLessThanOrEqual(75);
      expect(l.replace(/^ /, '').replace(/^SUMMARY:/, '')).toMatch(/^(🎉)+$/u);
    }
  });

  it('leaves a short line alone', () => {
    expect(foldLine('SUMMARY:Standup')).toBe('SUMMARY:Standup');
    const exactly75 = 'X'.repeat(75);
    expect(foldLine(exactly75)).toBe(exactly75);
    expect(foldLine('X'.repeat(76))).toBe(`${'X'.repeat(75)}\r\n X`);
  });

  it('quotes and caret-encodes parameter values, and no value can inject a line', () => {
    expect(paramValue('Ann Lee')).toBe('Ann Lee');
    expect(paramValue('Lee, Ann')).toBe('"Lee, Ann"');
    expect(paramValue('Ann "the Boss"\nLee ^')).toBe("Ann ^'the Boss^'^nLee ^^");
    expect(contentLine(raw('ATTENDEE', 'mailto:a@b.c\r\nEND:VEVENT', { CN: 'x' }))).toBe('ATTENDEE;CN=x:mailto:a@b.cEND:VEVENT');
  });

  it('round-trips tricky text through an independent parser', () => {
    const tricky = 'Room A; floor 2, wing "B"\nback\\slash';
    const ics = serializeComponent({ name: 'VCALENDAR', properties: [raw('VERSION', '2.0')], components: [
      { name: 'VEVENT', properties: [text('DESCRIPTION', tricky), raw('ATTENDEE', 'mailto:a@example.com', { CN: 'Lee, "Ann"' })] },
    ] });
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.split('\r\n').slice(0, -1).every((l) => !l.includes('\n'))).toBe(true);
    const event = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('description')).toBe(tricky);
    expect(event.getFirstProperty('attendee')!.getParameter('cn')).toBe('Lee, "Ann"');
  });
});
