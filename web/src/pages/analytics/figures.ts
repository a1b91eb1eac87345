/** Number formats the analytics pages share: percentages, hours and counts, in the viewer's language. */

const cache = new Map<string, Intl.NumberFormat>();
function cached(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = cache.get(key);
  if (!f) cache.set(key, (f = make()));
  return f;
}

/** 42.5 → "42.5%" (the API's percentages are 0–100). */
export function formatPercent(percent: number, locale: string, digits = 1): string {
  return cached(`p${locale}${digits}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits })).format(percent / 100);
}

/** Minutes as hours: 90 → "1.5 hr". */
export function formatHours(minutes: number, locale: string): string {
  return cached(`h${locale}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'short', maximumFractionDigits: 1 })).format(minutes / 60);
}

export function formatNumber(n: number, locale: string, digits = 0): string {
  return cached(`n${locale}${digits}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: digits })).format(n);
}
