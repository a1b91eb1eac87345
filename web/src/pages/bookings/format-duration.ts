const formats = new Map<string, Intl.NumberFormat>();

function unit(locale: string, name: 'day' | 'hour' | 'minute', value: number, width: 'short' | 'long'): string {
  const key = `${locale}|${name}|${width}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: width })));
  return f.format(value);
}

/**
 * A duration in the viewer's language with Intl's own unit words, whole days from 24 h up:
 * `short` "1 hr 30 min" (beside inputs, in messages), `long` "1 hour, 30 minutes" (in sentences).
 */
export function formatDuration(minutes: number, locale: string, width: 'short' | 'long' = 'short'): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = [days ? unit(locale, 'day', days, width) : '', hours ? unit(locale, 'hour', hours, width) : '', mins ? unit(locale, 'minute', mins, width) : ''].filter(Boolean);
  if (parts.length === 0) return unit(locale, 'minute', 0, width);
  return width === 'short' ? parts.join(' ') : new Intl.ListFormat(locale, { style: 'long', type: 'unit' }).format(parts);
}
