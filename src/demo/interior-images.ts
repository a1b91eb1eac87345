import type { SpaceKind } from '../catalog/domain/catalog.types.js';
import { assertNever } from '../shared/domain/decider.js';
import { createPrng, type Prng } from './prng.js';

/**
 * Draws a simple "photo" of a space's interior as SVG, in one-point perspective: walls, a
 * window, furniture for its kind, a plant or a picture. Colours and layout come from the
 * space's kind and name, so each space gets its own image and the same one every time.
 * Served at /media/spaces/<spaceId>.svg.
 */
export interface InteriorSubject {
  spaceId?: string;
  name: string;
  kind: SpaceKind;
  capacity: number;
}

const W = 640;
const H = 400;
/** The back wall; everything else is drawn relative to it. */
const BACK = { left: 110, right: 530, top: 50, bottom: 250 };

interface Palette {
  wall: string;
  side: string;
  floor: string;
  ceiling: string;
  wood: string;
  fabric: string;
  accent: string;
}

const PALETTES: Record<SpaceKind, Palette[]> = {
  meeting_room: [
    { wall: '#e8eef2', side: '#d5dee5', floor: '#9aa5ad', ceiling: '#f5f7f8', wood: '#8b5e3c', fabric: '#2f5d8a', accent: '#f2a541' },
    { wall: '#f1ece4', side: '#e0d8cc', floor: '#7d6b5d', ceiling: '#faf8f4', wood: '#c9a27e', fabric: '#3c7a5a', accent: '#d1495b' },
    { wall: '#e6f0ea', side: '#d2e2d8', floor: '#5f6b66', ceiling: '#f4f8f5', wood: '#ece5da', fabric: '#33415c', accent: '#00a6a6' },
  ],
  hall: [
    { wall: '#2e3440', side: '#252a33', floor: '#6b4f3a', ceiling: '#1d2128', wood: '#a47148', fabric: '#a4161a', accent: '#ffd166' },
    { wall: '#efe6da', side: '#e0d3c2', floor: '#8a6d52', ceiling: '#f8f3ec', wood: '#6f4e37', fabric: '#5c415d', accent: '#e9c46a' },
  ],
  auditorium: [
    { wall: '#3b2f4a', side: '#2f253c', floor: '#4a3b2e', ceiling: '#241c2e', wood: '#9c6644', fabric: '#7b2cbf', accent: '#ffbe0b' },
    { wall: '#1f3a4d', side: '#172d3c', floor: '#5b4636', ceiling: '#13232f', wood: '#b08968', fabric: '#c1121f', accent: '#fdf0d5' },
  ],
  desk: [
    { wall: '#f4f1ea', side: '#e6e1d6', floor: '#b8a58f', ceiling: '#fbfaf7', wood: '#d4b483', fabric: '#264653', accent: '#2a9d8f' },
    { wall: '#eaf2f8', side: '#d8e6f0', floor: '#8d99ae', ceiling: '#f7fafc', wood: '#f1f1f1', fabric: '#3d405b', accent: '#e07a5f' },
  ],
  table: [
    { wall: '#7f2f1f', side: '#6a2719', floor: '#3e2c23', ceiling: '#2b1d16', wood: '#b5835a', fabric: '#f2e8cf', accent: '#f4a259' },
    { wall: '#2d3a2e', side: '#243025', floor: '#5c4033', ceiling: '#1b241c', wood: '#d6a36b', fabric: '#f7ede2', accent: '#e9c46a' },
    { wall: '#f3e9dc', side: '#e6d8c5', floor: '#7a5c43', ceiling: '#fbf6ef', wood: '#5e3b25', fabric: '#ffffff', accent: '#c44536' },
  ],
  hotel_room: [
    { wall: '#efe7dd', side: '#e2d6c7', floor: '#a68a6d', ceiling: '#faf6f1', wood: '#6b4f3a', fabric: '#f8f9fa', accent: '#457b9d' },
    { wall: '#dde7e4', side: '#cbd9d5', floor: '#8c7b6b', ceiling: '#f3f7f6', wood: '#a98467', fabric: '#ffffff', accent: '#bc4749' },
    { wall: '#f6efe9', side: '#eadfd5', floor: '#5d4e45', ceiling: '#fcf9f6', wood: '#3d2c22', fabric: '#fdfcfb', accent: '#c9a227' },
  ],
  studio: [
    { wall: '#2b2d42', side: '#22243a', floor: '#3a3a3a', ceiling: '#1a1b2b', wood: '#8d99ae', fabric: '#ef233c', accent: '#edf2f4' },
    { wall: '#f8f9fa', side: '#e9ecef', floor: '#adb5bd', ceiling: '#ffffff', wood: '#495057', fabric: '#4cc9f0', accent: '#f72585' },
  ],
};

const KIND_LABEL: Record<SpaceKind, string> = {
  meeting_room: 'Meeting room',
  hall: 'Hall',
  auditorium: 'Auditorium',
  desk: 'Desk',
  table: 'Table',
  hotel_room: 'Hotel room',
  studio: 'Studio',
};

const f = (n: number) => (Math.round(n * 10) / 10).toString();

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function rect(x: number, y: number, w: number, h: number, fill: string, extra = ''): string {
  return `<rect x="${f(x)}" y="${f(y)}" width="${f(w)}" height="${f(h)}" fill="${fill}"${extra ? ' ' + extra : ''}/>`;
}

function polygon(points: [number, number][], fill: string): string {
  return `<polygon points="${points.map(([x, y]) => `${f(x)},${f(y)}`).join(' ')}" fill="${fill}"/>`;
}

function ellipse(cx: number, cy: number, rx: number, ry: number, fill: string): string {
  return `<ellipse cx="${f(cx)}" cy="${f(cy)}" rx="${f(rx)}" ry="${f(ry)}" fill="${fill}"/>`;
}

function room(p: Palette): string {
  return [
    polygon([[0, 0], [W, 0], [BACK.right, BACK.top], [BACK.left, BACK.top]], p.ceiling),
    polygon([[0, 0], [BACK.left, BACK.top], [BACK.left, BACK.bottom], [0, H]], p.side),
    polygon([[W, 0], [BACK.right, BACK.top], [BACK.right, BACK.bottom], [W, H]], p.side),
    rect(BACK.left, BACK.top, BACK.right - BACK.left, BACK.bottom - BACK.top, p.wall),
    polygon([[BACK.left, BACK.bottom], [BACK.right, BACK.bottom], [W, H], [0, H]], p.floor),
    // Floor boards converge on the vanishing point.
    ...[1, 2, 3, 4, 5, 6, 7].map((i) => {
      const xb = BACK.left + ((BACK.right - BACK.left) * i) / 8;
      const xf = (W * i) / 8;
      return `<line x1="${f(xb)}" y1="${BACK.bottom}" x2="${f(xf)}" y2="${H}" stroke="#000" stroke-opacity="0.08"/>`;
    }),
  ].join('');
}

type WindowPlace = 'left' | 'centre' | 'right';

function windowOnWall(rng: Prng, p: Palette, night: boolean, place: WindowPlace): string {
  const w = rng.int(90, 150);
  const h = rng.int(80, 110);
  const x = place === 'left' ? BACK.left + 30 : place === 'right' ? BACK.right - 30 - w : (BACK.left + BACK.right - w) / 2;
  const y = BACK.top + 25;
  const sky = night ? 'url(#sky-night)' : 'url(#sky-day)';
  const skyline = Array.from({ length: rng.int(3, 6) }, (_, i) => {
    const bw = w / 6;
    const bh = rng.int(15, Math.floor(h * 0.6));
    return rect(x + 4 + i * bw, y + h - bh, bw - 3, bh, night ? '#1b263b' : '#9fb3c8', 'opacity="0.85"');
  });
  return [
    rect(x - 5, y - 5, w + 10, h + 10, p.wood),
    rect(x, y, w, h, sky),
    ...skyline,
    `<line x1="${f(x + w / 2)}" y1="${y}" x2="${f(x + w / 2)}" y2="${y + h}" stroke="${p.wood}" stroke-width="4"/>`,
    `<line x1="${x}" y1="${f(y + h / 2)}" x2="${x + w}" y2="${f(y + h / 2)}" stroke="${p.wood}" stroke-width="4"/>`,
  ].join('');
}

function picture(rng: Prng, p: Palette): string {
  const x = rng.int(BACK.left + 20, BACK.right - 90);
  const y = BACK.top + rng.int(20, 50);
  return [
    rect(x, y, 60, 44, '#fff', `stroke="${p.wood}" stroke-width="4"`),
    ellipse(x + 20, y + 26, 10, 8, p.accent),
    polygon([[x + 26, y + 40], [x + 42, y + 14], [x + 56, y + 40]], p.fabric),
  ].join('');
}

function plant(x: number, y: number, scale: number, p: Palette): string {
  const s = scale;
  return [
    polygon([[x - 12 * s, y - 30 * s], [x + 12 * s, y - 30 * s], [x + 9 * s, y], [x - 9 * s, y]], p.wood),
    ellipse(x, y - 45 * s, 18 * s, 20 * s, '#3a7d44'),
    ellipse(x - 12 * s, y - 38 * s, 12 * s, 13 * s, '#52a35d'),
    ellipse(x + 12 * s, y - 40 * s, 12 * s, 14 * s, '#2f6b3a'),
  ].join('');
}

function chair(x: number, y: number, scale: number, p: Palette): string {
  return [rect(x - 11 * scale, y - 26 * scale, 22 * scale, 20 * scale, p.fabric, 'rx="4"'), rect(x - 13 * scale, y - 8 * scale, 26 * scale, 8 * scale, p.fabric, 'rx="3" opacity="0.85"')].join('');
}

/** `screenSide`: the half of the back wall without a window. */
function meetingRoom(rng: Prng, p: Palette, capacity: number, screenSide: 'left' | 'right'): string {
  const seats = Math.max(2, Math.min(capacity, 14));
  const perSide = Math.ceil(seats / 2);
  const tableW = 120 + perSide * 34;
  const x0 = W / 2 - tableW / 2;
  const sx = screenSide === 'left' ? BACK.left + 40 : BACK.right - 200;
  const parts = [rect(sx, BACK.top + 40, 160, 90, '#1e1e24', 'rx="3"'), rect(sx + 6, BACK.top + 46, 148, 78, rng.pick(['#2b4f81', '#1b4332', '#5a189a']))];
  for (let i = 0; i < perSide; i++) parts.push(chair(x0 + 40 + (i * (tableW - 80)) / Math.max(1, perSide - 1), 272, 0.8, p));
  parts.push(polygon([[x0 + 20, 270], [x0 + tableW - 20, 270], [x0 + tableW + 20, 320], [x0 - 20, 320]], p.wood));
  parts.push(rect(x0 - 20, 320, tableW + 40, 8, '#000', 'opacity="0.2"'));
  for (let i = 0; i < seats - perSide; i++) parts.push(chair(x0 + 10 + (i * tableW) / Math.max(1, seats - perSide - 1), 372, 1.2, p));
  return parts.join('');
}

function hall(rng: Prng, p: Palette, capacity: number, tiered: boolean): string {
  const parts = [rect(BACK.left + 40, BACK.bottom - 40, BACK.right - BACK.left - 80, 40, p.wood), rect(BACK.left + 60, BACK.top + 20, BACK.right - BACK.left - 120, 110, '#f8f9fa', 'opacity="0.9"')];
  for (const x of [BACK.left + 70, BACK.right - 70]) parts.push(`<path d="M${x} 0 L${x - 40} ${BACK.bottom - 40} L${x + 40} ${BACK.bottom - 40} Z" fill="${p.accent}" opacity="0.15"/>`);
  const rows = Math.min(6, 2 + Math.floor(capacity / 60));
  for (let r = 0; r < rows; r++) {
    const t = (r + 1) / (rows + 1);
    const y = BACK.bottom + 10 + t * (H - BACK.bottom - 10) + (tiered ? -r * 2 : 0);
    const scale = 0.6 + t * 0.8;
    const width = (BACK.right - BACK.left) + t * (W - (BACK.right - BACK.left));
    const count = Math.round(8 + t * 6);
    for (let c = 0; c < count; c++) parts.push(chair(W / 2 - width / 2 + ((c + 0.5) * width) / count, y, scale, p));
  }
  if (rng.chance(0.5)) parts.push(rect(W / 2 - 12, BACK.bottom - 70, 24, 30, '#3d3d3d'));
  return parts.join('');
}

function diningTable(rng: Prng, p: Palette, capacity: number): string {
  const seats = Math.max(2, Math.min(capacity, 10));
  const rx = 50 + seats * 9;
  const cx = W / 2 + rng.int(-30, 30);
  const cy = 320;
  const parts = [`<line x1="${cx}" y1="0" x2="${cx}" y2="${BACK.top + 70}" stroke="#222" stroke-width="2"/>`, polygon([[cx - 28, BACK.top + 90], [cx + 28, BACK.top + 90], [cx + 14, BACK.top + 70], [cx - 14, BACK.top + 70]], p.accent), ellipse(cx, BACK.top + 95, 40, 8, '#fff3b0')];
  for (let i = 0; i < seats; i++) {
    const a = Math.PI + (i * 2 * Math.PI) / seats;
    const y = cy + Math.sin(a) * 34;
    if (Math.sin(a) <= 0) parts.push(chair(cx + Math.cos(a) * (rx + 12), y + 6, 0.9, p));
  }
  parts.push(ellipse(cx, cy, rx, 34, p.fabric), ellipse(cx, cy + 4, rx, 34, '#000').replace('/>', ' opacity="0.12"/>'), ellipse(cx, cy - 2, rx - 4, 30, p.fabric));
  for (let i = 0; i < seats; i++) {
    const a = (i * 2 * Math.PI) / seats;
    parts.push(ellipse(cx + Math.cos(a) * (rx - 22), cy + Math.sin(a) * 18, 9, 4, '#ffffff'));
  }
  parts.push(ellipse(cx, cy - 8, 6, 10, p.accent));
  for (let i = 0; i < seats; i++) {
    const a = (i * 2 * Math.PI) / seats;
    if (Math.sin(a) > 0) parts.push(chair(cx + Math.cos(a) * (rx + 12), cy + Math.sin(a) * 34 + 40, 1.1, p));
  }
  return parts.join('');
}

function hotelRoom(rng: Prng, p: Palette, capacity: number): string {
  const twin = capacity >= 3 || rng.chance(0.3);
  const bedW = twin ? 120 : 200;
  const beds = twin ? [W / 2 - 135, W / 2 + 15] : [W / 2 - 100];
  const parts = [rect(W / 2 - 130, BACK.top + 145, 260, 60, p.wood, 'rx="6"')];
  for (const x of beds) {
    parts.push(polygon([[x, 250], [x + bedW, 250], [x + bedW + 30, 345], [x - 30, 345]], p.fabric));
    parts.push(rect(x + 10, 232, bedW / 2 - 15, 26, '#ffffff', 'rx="8"'), rect(x + bedW / 2 + 5, 232, bedW / 2 - 15, 26, '#ffffff', 'rx="8"'));
    parts.push(polygon([[x - 10, 290], [x + bedW + 10, 290], [x + bedW + 30, 345], [x - 30, 345]], p.accent));
    parts.push(rect(x - 30, 345, bedW + 60, 14, p.wood));
  }
  const stand = twin ? W / 2 - 190 : W / 2 - 170;
  parts.push(rect(stand, 262, 50, 50, p.wood), rect(stand + 18, 236, 14, 26, '#555'), polygon([[stand + 8, 236], [stand + 42, 236], [stand + 34, 214], [stand + 16, 214]], '#fff3b0'));
  // Curtains either side of the window.
  parts.push(rect(BACK.left + 8, BACK.top + 10, 26, 170, p.accent, 'opacity="0.7"'), rect(BACK.right - 34, BACK.top + 10, 26, 170, p.accent, 'opacity="0.7"'));
  return parts.join('');
}

function deskSpace(rng: Prng, p: Palette): string {
  const x = W / 2 - 150 + rng.int(-20, 20);
  return [
    rect(x, 260, 300, 14, p.wood),
    rect(x + 10, 274, 10, 70, '#555'),
    rect(x + 280, 274, 10, 70, '#555'),
    rect(x + 70, 190, 90, 60, '#1e1e24', 'rx="3"'),
    rect(x + 76, 196, 78, 48, '#4a6fa5'),
    rect(x + 110, 250, 10, 10, '#1e1e24'),
    rect(x + 170, 200, 70, 50, '#1e1e24', 'rx="3"'),
    rect(x + 175, 205, 60, 40, '#6c8ebf'),
    rect(x + 90, 252, 70, 6, '#ddd'),
    chair(x + 150, 360, 1.6, p),
    rect(x + 143, 360, 14, 30, '#444'),
  ].join('');
}

function studio(rng: Prng, p: Palette): string {
  const parts = [rect(W / 2 - 140, BACK.top, 280, BACK.bottom - BACK.top + 40, p.fabric, 'opacity="0.85"')];
  for (const x of [W / 2 - 200, W / 2 + 200]) {
    parts.push(`<line x1="${x}" y1="${H - 20}" x2="${x}" y2="190" stroke="#222" stroke-width="4"/>`);
    parts.push(polygon([[x - 40, 130], [x + 40, 130], [x + 30, 190], [x - 30, 190]], '#f8f9fa'));
  }
  parts.push(rect(W / 2 - 60, 300, 120, 14, p.wood), `<line x1="${W / 2}" y1="300" x2="${W / 2}" y2="262" stroke="#222" stroke-width="3"/>`, ellipse(W / 2, 256, 9, 13, '#333'));
  if (rng.chance(0.5)) parts.push(chair(W / 2, 370, 1.4, p));
  return parts.join('');
}

function furniture(subject: InteriorSubject, rng: Prng, p: Palette, windowPlace: WindowPlace): string {
  switch (subject.kind) {
    case 'meeting_room':
      return meetingRoom(rng, p, subject.capacity, windowPlace === 'left' ? 'right' : 'left');
    case 'hall':
      return hall(rng, p, subject.capacity, false);
    case 'auditorium':
      return hall(rng, p, subject.capacity, true);
    case 'table':
      return diningTable(rng, p, subject.capacity);
    case 'hotel_room':
      return hotelRoom(rng, p, subject.capacity);
    case 'desk':
      return deskSpace(rng, p);
    case 'studio':
      return studio(rng, p);
    default:
      return assertNever(subject.kind);
  }
}

export function renderInteriorSvg(subject: InteriorSubject): string {
  const rng = createPrng(`${subject.kind}/${subject.name}/${subject.spaceId ?? ''}`);
  const palette = rng.pick(PALETTES[subject.kind]);
  const night = subject.kind === 'table' ? rng.chance(0.7) : rng.chance(0.2);
  // Halls, auditoriums and studios fill the back wall with a stage or a backdrop.
  const hasWindow = subject.kind === 'meeting_room' || subject.kind === 'desk' || subject.kind === 'table' || subject.kind === 'hotel_room';
  // A meeting room keeps the other half of the back wall for its screen.
  const windowPlace: WindowPlace = rng.pick(subject.kind === 'meeting_room' ? (['left', 'right'] as const) : (['left', 'centre', 'right'] as const));
  const hasPicture = subject.kind === 'desk' || ((subject.kind === 'table' || subject.kind === 'hotel_room') && rng.chance(0.5));
  const name = escapeXml(subject.name);
  const caption = escapeXml(`${KIND_LABEL[subject.kind]} · ${subject.capacity} ${subject.capacity === 1 ? 'person' : 'people'}`);
  const titleId = `title-${(subject.spaceId ?? subject.name).replace(/[^A-Za-z0-9_-]/g, '')}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${titleId}">`,
    `<title id="${titleId}">${name}: ${caption}</title>`,
    '<defs>',
    '<linearGradient id="sky-day" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#8ecae6"/><stop offset="1" stop-color="#e0f4ff"/></linearGradient>',
    '<linearGradient id="sky-night" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#0b132b"/><stop offset="1" stop-color="#3a506b"/></linearGradient>',
    '<radialGradient id="light" cx="0.5" cy="0.2" r="0.8"><stop offset="0" stop-color="#fff" stop-opacity="0.25"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient>',
    '</defs>',
    room(palette),
    hasWindow ? windowOnWall(rng, palette, night, windowPlace) : '',
    hasPicture ? picture(rng, palette) : '',
    furniture(subject, rng, palette, windowPlace),
    rng.chance(0.7) ? plant(rng.pick([60, W - 60]), H - 30, 1.3, palette) : '',
    rect(0, 0, W, H, 'url(#light)'),
    `<g><rect x="16" y="${H - 64}" width="${f(Math.max(180, 16 + subject.name.length * 11))}" height="48" rx="8" fill="#000" opacity="0.55"/>`,
    `<text x="28" y="${H - 42}" font-family="system-ui, sans-serif" font-size="18" font-weight="600" fill="#fff">${name}</text>`,
    `<text x="28" y="${H - 24}" font-family="system-ui, sans-serif" font-size="12" fill="#e9ecef">${caption}</text></g>`,
    '</svg>',
  ].join('\n');
}
