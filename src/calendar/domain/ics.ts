/**
 * RFC 5545 content lines: values, parameters, folding and serialisation of components.
 * Feeds (ics-feed.ts) and invitations (itip.ts) build an `IcsComponent` tree and serialise it here,
 * so escaping and folding live in one place.
 */

export interface IcsProperty {
  name: string;
  /** Already in its property's value syntax: TEXT values go through `escapeText` (see `text`). */
  value: string;
  params?: Readonly<Record<string, string>>;
}

export interface IcsComponent {
  name: string;
  properties: IcsProperty[];
  components?: IcsComponent[];
}

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, and any line break as `\n`. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A DATE-TIME in UTC form (`20240131T083000Z`); fractional seconds are dropped. */
export function formatUtcDateTime(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/**
 * A parameter value (RFC 5545 §3.2 with RFC 6868 caret encoding): DQUOTE and line breaks cannot
 * appear literally, and `:`, `;`, `,` need the value quoted.
 */
export function paramValue(value: string): string {
  const encoded = value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/\^/g, '^^')
    .replace(/"/g, "^'")
    .replace(/\r\n|\r|\n/g, '^n');
  return /[:;,]/.test(encoded) ? `"${encoded}"` : encoded;
}

/** A TEXT property: the value is escaped. */
export function text(name: string, value: string, params?: Record<string, string>): IcsProperty {
  return { name, value: escapeText(value), ...(params ? { params } : {}) };
}

/** A UTC DATE-TIME property. */
export function utc(name: string, instant: string | Date): IcsProperty {
  return { name, value: formatUtcDateTime(instant) };
}

/** A property whose value needs no escaping (INTEGER, CAL-ADDRESS, enumerations, durations). */
export function raw(name: string, value: string, params?: Record<string, string>): IcsProperty {
  return { name, value, ...(params ? { params } : {}) };
}

/**
 * A `mailto:` CAL-ADDRESS. Control characters are dropped so an address can never start a new
 * content line.
 */
export function mailto(email: string): string {
  return `mailto:${email.replace(/[\u0000-\u001f\u007f]/g, '')}`;
}

/** One unfolded content line: `NAME;PARAM=value:VALUE`. */
export function contentLine(property: IcsProperty): string {
  const params = Object.entries(property.params ?? {}).map(([k, v]) => `;${k}=${paramValue(v)}`).join('');
  // TEXT values are escaped already; this guards the other kinds against injected line breaks.
  const value = property.value.replace(/[\r\n]/g, '');
  return `${property.name}${params}:${value}`;
}

/**
 * Folds a content line so no physical line exceeds 75 octets (RFC 5545 §3.1): continuation lines
 * start with one space, which counts toward their 75. Splits only between code points, never inside
 * a UTF-8 sequence. Lines are joined with CRLF; no trailing CRLF.
 */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0)!);
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join(CRLF);
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Undoes `foldLine` (and any RFC 5545 folding): a CRLF followed by one space or tab is removed. */
export function unfold(content: string): string {
  return content.replace(/\r\n[ \t]/g, '');
}

/** The component as CRLF-terminated, folded content lines. */
export function serializeComponent(component: IcsComponent): string {
  const lines: string[] = [];
  const write = (c: IcsComponent): void => {
    lines.push(`BEGIN:${c.name}`);
    for (const p of c.properties) lines.push(foldLine(contentLine(p)));
    for (const child of c.components ?? []) write(child);
    lines.push(`END:${c.name}`);
  };
  write(component);
  return lines.join(CRLF) + CRLF;
}

/** Product identifier of everything Reserva publishes (PRODID). */
export const RESERVA_PRODID = '-//Reserva//Reserva Booking//EN';
