import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration.js';

describe('durations in words', () => {
  it('writes durations with the language’s own unit words, short or long', () => {
    expect(formatDuration(90, 'en')).toBe('1 hr 30 min');
    expect(formatDuration(0, 'en')).toBe('0 min');
    expect(formatDuration(90, 'en', 'long')).toBe('1 hour, 30 minutes');
    expect(formatDuration(2880, 'en', 'long')).toBe('2 days');
    expect(formatDuration(240, 'ru', 'long')).toBe('4 часа');
    expect(formatDuration(15, 'pt', 'long')).toBe('15 minutos');
  });
});
