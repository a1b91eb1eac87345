import { describe, expect, it } from 'vitest';
import { parseInstant } from './parse-instant.js';

describe('parseInstant', () => {
  it('reads ISO 8601 instants with Z or an offset, with or without seconds and fractions', () => {
    expect(parseInstant('2026-03-02T09:00:00Z')).toBe(Date.UTC(2026, 2, 2, 9));
    expect(parseInstant('2026-03-02T10:00+01:00')).toBe(Date.UTC(2026, 2, 2, 9));
    expect(parseInstant('2026-03-02T09:00:00.250Z')).toBe(Date.UTC(2026, 2, 2, 9, 0, 0, 250));
  });

  it('rejects text without an offset, which would be read in the server zone', () => {
    expect(parseInstant('2026-03-02T09:00:00')).toBeNull();
    expect(parseInstant('2026-03-02')).toBeNull();
  });

  it('rejects dates and times that do not exist instead of rolling them over', () => {
    expect(parseInstant('2026-02-30T09:00:00Z')).toBeNull();
    expect(parseInstant('2026-13-01T09:00:00Z')).toBeNull();
    expect(parseInstant('2026-03-02T24:00:00Z')).toBeNull();
    expect(parseInstant('2028-02-29T09:00:00Z')).toBe(Date.UTC(2028, 1, 29, 9));
  });

  it('rejects anything else', () => {
    expect(parseInstant('')).toBeNull();
    expect(parseInstant('tomorrow at nine')).toBeNull();
    expect(parseInstant('1772442000000')).toBeNull();
  });
});
