const formats = new Map<string, Intl.NumberFormat>();

function unit(locale: string, name: 'day' | 'hour' | 'minute', value: number): string {
  const key = `${locale}|${name}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' })));
  return f.format(value);
}

/** "1 hr 30 min", "2 days" in the viewer's language (Intl only; whole days from 24 h up). */
export function formatDuration(minutes: number, locale: string): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = [days ? unit(locale, 'day', days) : '', hours ? unit(locale, 'hour', hours) : '', mins ? unit(locale, 'minute', mins) : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : unit(locale, 'minute', 0);
}
