/**
 * What every Reserva email shares, whoever writes it (identity, notifications): the language
 * choice, HTML escaping, plurals and the plain-text + HTML layout. Pure: no I/O.
 */

/** The languages Reserva's emails are written in; any other locale gets English. */
export type EmailLanguage = 'en' | 'pt' | 'ru';

/** `pt-BR`, `pt_PT`, `RU` … → its language when we have it, else `en`. */
export function emailLanguage(locale: string | undefined): EmailLanguage {
  const primary = locale?.trim().split(/[-_]/)[0]?.toLowerCase();
  return primary === 'pt' || primary === 'ru' ? primary : 'en';
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** `n` and the noun in its CLDR plural form (Russian needs one/few/many). */
export function plural(lang: EmailLanguage, n: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
  return `${n} ${forms[new Intl.PluralRules(lang).select(n)] ?? forms.other}`;
}

/**
 * A paragraph (line breaks kept), a button with the address beneath it, or labelled details
 * (a table in HTML, `Label: value` lines in text). Every string is escaped in HTML.
 */
export type EmailBlock = { text: string } | { link: string; label: string } | { details: readonly { label: string; value: string }[] };

export interface EmailLayout {
  lang: EmailLanguage;
  subject: string;
  /** The first line, e.g. `Hello Ana,`. */
  greeting: string;
  blocks: readonly EmailBlock[];
  signature: string;
  /** Shown above a button's address, for mail clients that do not render the button. */
  linkFallback: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function renderEmail(layout: EmailLayout): RenderedEmail {
  const { subject, greeting, blocks, signature, linkFallback } = layout;
  const text = [greeting, ...blocks.map(textOf), signature].join('\n\n') + '\n';
  const body = blocks.map((b) => htmlOf(b, linkFallback)).join('\n');
  const html =
    `<!doctype html>\n<html lang="${layout.lang}">\n<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n` +
    `<body style="font-family:Arial,Helvetica,sans-serif;line-height:1.5;color:#222">\n` +
    `<p>${escapeHtml(greeting)}</p>\n${body}\n<p>${escapeHtml(signature)}</p>\n</body>\n</html>\n`;
  return { subject, text, html };
}

function textOf(block: EmailBlock): string {
  if ('link' in block) return block.link;
  if ('details' in block) return block.details.map((d) => `${d.label}: ${d.value}`).join('\n');
  return block.text;
}

const paragraph = (value: string) => escapeHtml(value).replace(/\r?\n/g, '<br>');

function htmlOf(block: EmailBlock, linkFallback: string): string {
  if ('link' in block) {
    return (
      `<p><a href="${escapeHtml(block.link)}" style="display:inline-block;padding:10px 18px;background:#1f5fbf;color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(block.label)}</a></p>\n` +
      `<p style="font-size:13px;color:#555">${escapeHtml(linkFallback)}<br><a href="${escapeHtml(block.link)}">${escapeHtml(block.link)}</a></p>`
    );
  }
  if ('details' in block) {
    const rows = block.details
      .map((d) => `<tr><th align="left" valign="top" style="padding:2px 12px 2px 0;color:#555;font-weight:normal">${escapeHtml(d.label)}</th><td style="padding:2px 0">${paragraph(d.value)}</td></tr>`)
      .join('\n');
    return `<table role="presentation" style="border-collapse:collapse">\n${rows}\n</table>`;
  }
  return `<p>${paragraph(block.text)}</p>`;
}
