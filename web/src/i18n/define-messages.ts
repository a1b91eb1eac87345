export type Locale = 'en' | 'pt' | 'ru';
export const LOCALES: readonly Locale[] = ['en', 'pt', 'ru'];

/** A message: text with `{name}` placeholders, or plural forms chosen by `count` (Russian has three). */
export type Message = string | { one?: string; few?: string; many?: string; other: string };

/** An area's messages; the typecheck refuses a Portuguese or Russian table that misses a key. */
export function defineMessages<K extends string>(messages: { en: Record<K, Message>; pt: Record<NoInfer<K>, Message>; ru: Record<NoInfer<K>, Message> }) {
  return messages;
}
