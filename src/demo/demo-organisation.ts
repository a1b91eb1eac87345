import type { BookingPolicy, OpeningWindow, ResourceDetails, SiteDetails, SpaceDetails } from '../catalog/domain/catalog.types.js';
import type { Weekday } from '../shared/domain/time-zone.js';

/**
 * The demo organisation `npm start` seeds on first start: Atlântica Group, with offices,
 * a hotel, a restaurant and an event venue in five time zones. Pure data with stable ids,
 * so links in the README and the web client keep working across fresh installs.
 */
export interface DemoUser {
  userId: string;
  name: string;
  email: string;
  title: string;
  /** Built-in role names (src/identity/domain/permissions.ts). */
  roles: string[];
  /** The site where this person books; people without one do not book in the demo. */
  homeSiteId?: string;
}

export interface DemoSpace extends SpaceDetails {
  spaceId: string;
  policy: BookingPolicy;
}

export interface DemoResource extends ResourceDetails {
  resourceId: string;
}

export interface DemoSite extends SiteDetails {
  siteId: string;
  /** Who approves, completes and records no-shows at this site. */
  operatorId: string;
  spaces: DemoSpace[];
  resources: DemoResource[];
}

export interface DemoOrganisation {
  name: string;
  sites: DemoSite[];
  users: DemoUser[];
}

/** Readable, valid v4-shaped uuids: the first digit says what it is (1 user, 2 site, 3 space, 4 resource). */
function demoId(kind: 1 | 2 | 3 | 4, n: number): string {
  return `${kind}0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

const user = (n: number) => demoId(1, n);
const site = (n: number) => demoId(2, n);

// ---- booking policies -------------------------------------------------------------------

const hm = (h: number, m = 0) => h * 60 + m;
const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const ALL_DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function hours(days: Weekday[], ...windows: OpeningWindow[]): BookingPolicy['openingHours'] {
  return Object.fromEntries(days.map((d) => [d, windows]));
}

const policies = {
  meetingRoom: (open = hm(8), close = hm(20)): BookingPolicy => ({
    openingHours: hours(WEEKDAYS, { open, close }),
    slotMinutes: 15, minDurationMinutes: 30, maxDurationMinutes: 240, maxAdvanceDays: 90,
    bufferMinutes: 0, changeDeadlineMinutes: 60, approvalRequired: false,
  }),
  boardroom: (): BookingPolicy => ({
    openingHours: hours(WEEKDAYS, { open: hm(8), close: hm(20) }),
    slotMinutes: 30, minDurationMinutes: 60, maxDurationMinutes: 480, maxAdvanceDays: 120,
    bufferMinutes: 15, changeDeadlineMinutes: 24 * 60, approvalRequired: true,
  }),
  desk: (): BookingPolicy => ({
    openingHours: hours(WEEKDAYS, { open: hm(8), close: hm(19) }),
    slotMinutes: 60, minDurationMinutes: 60, maxDurationMinutes: 11 * 60, maxAdvanceDays: 30,
    bufferMinutes: 0, changeDeadlineMinutes: 30, approvalRequired: false,
  }),
  studio: (): BookingPolicy => ({
    openingHours: hours(WEEKDAYS, { open: hm(9), close: hm(19) }),
    slotMinutes: 30, minDurationMinutes: 60, maxDurationMinutes: 240, maxAdvanceDays: 60,
    bufferMinutes: 30, changeDeadlineMinutes: 120, approvalRequired: false,
  }),
  auditorium: (days: Weekday[] = [...WEEKDAYS, 'sat']): BookingPolicy => ({
    openingHours: hours(days, { open: hm(8), close: hm(22) }),
    slotMinutes: 60, minDurationMinutes: 120, maxDurationMinutes: 12 * 60, maxAdvanceDays: 365,
    bufferMinutes: 60, changeDeadlineMinutes: 3 * 24 * 60, approvalRequired: true,
  }),
  eventHall: (approvalRequired: boolean): BookingPolicy => ({
    openingHours: hours(ALL_DAYS, { open: hm(8), close: hm(24) }),
    slotMinutes: 60, minDurationMinutes: 180, maxDurationMinutes: 15 * 60, maxAdvanceDays: 540,
    bufferMinutes: 120, changeDeadlineMinutes: 7 * 24 * 60, approvalRequired,
  }),
  workshop: (): BookingPolicy => ({
    openingHours: hours([...WEEKDAYS, 'sat'], { open: hm(8), close: hm(21) }),
    slotMinutes: 30, minDurationMinutes: 60, maxDurationMinutes: 8 * 60, maxAdvanceDays: 180,
    bufferMinutes: 30, changeDeadlineMinutes: 24 * 60, approvalRequired: false,
  }),
  /** Hotel rooms: always open, booked in whole local days (midnight to midnight). */
  hotelRoom: (): BookingPolicy => ({
    openingHours: null,
    slotMinutes: 1440, minDurationMinutes: 1440, maxDurationMinutes: 14 * 1440, maxAdvanceDays: 365,
    bufferMinutes: 0, changeDeadlineMinutes: 2 * 24 * 60, approvalRequired: false,
  }),
  /** Restaurant tables: lunch and dinner service, closed on Mondays. */
  table: (approvalRequired = false): BookingPolicy => ({
    openingHours: hours(['tue', 'wed', 'thu', 'fri', 'sat', 'sun'], { open: hm(11, 30), close: hm(14, 30) }, { open: hm(17, 30), close: hm(23) }),
    slotMinutes: 30, minDurationMinutes: 60, maxDurationMinutes: 180, maxAdvanceDays: 60,
    bufferMinutes: 15, changeDeadlineMinutes: 120, approvalRequired,
  }),
};

// ---- spaces and resources -----------------------------------------------------------------

type SpaceDraft = Omit<DemoSpace, 'spaceId' | 'photoUrls'>;
type ResourceDraft = Omit<DemoResource, 'resourceId'>;

const space = (draft: SpaceDraft) => draft;

function resource(name: string, category: ResourceDetails['category'], quantity: number, description: string): ResourceDraft {
  return { name, category, quantity, description };
}

/**
 * Gives a site and its spaces and resources their ids: site n's k-th space is `3…-n0k`.
 * Add spaces at the end of a site's list so existing ids stay put.
 */
function demoSite(n: number, details: Omit<DemoSite, 'siteId' | 'spaces' | 'resources'>, spaces: SpaceDraft[], resources: ResourceDraft[]): DemoSite {
  return {
    siteId: site(n),
    ...details,
    spaces: spaces.map((draft, i) => {
      const spaceId = demoId(3, n * 100 + i + 1);
      return { spaceId, ...draft, photoUrls: [`/media/spaces/${spaceId}.svg`] };
    }),
    resources: resources.map((draft, i) => ({ resourceId: demoId(4, n * 100 + i + 1), ...draft })),
  };
}

const room = (name: string, capacity: number, amenities: string[], description: string, policy = policies.meetingRoom()) =>
  space({ name, kind: 'meeting_room', capacity, amenities, description, policy });

const lisbon = demoSite(
  1,
  {
  name: 'Atlântica Lisbon HQ',
  address: 'Avenida da Liberdade 110, 1269-046 Lisboa, Portugal',
  city: 'Lisbon',
  latitude: 38.7206,
  longitude: -9.1459,
  timeZone: 'Europe/Lisbon',
  kind: 'office',
  operatorId: user(2),
  },
  [
    room('Tejo', 8, ['display', 'video_conferencing', 'whiteboard', 'natural_light'], 'Bright corner room overlooking the avenue.'),
    room('Alfama', 4, ['display', 'whiteboard'], 'Small huddle room for quick syncs.'),
    room('Belém', 12, ['display', 'video_conferencing', 'whiteboard', 'air_conditioning'], 'Large meeting room with a dual-screen video setup.'),
    room('Sintra', 6, ['display', 'natural_light'], 'Quiet room on the garden side.'),
    space({ name: 'Atlântico Boardroom', kind: 'meeting_room', capacity: 20, amenities: ['display', 'video_conferencing', 'soundproofing', 'air_conditioning'], description: 'Executive boardroom; bookings are approved by the office team.', policy: policies.boardroom() }),
    space({ name: 'Auditório Pessoa', kind: 'auditorium', capacity: 120, amenities: ['stage', 'pa_system', 'projector_screen', 'wheelchair_access'], description: 'Tiered auditorium for town halls and talks.', policy: policies.auditorium() }),
    space({ name: 'Hot Desk A1', kind: 'desk', capacity: 1, amenities: ['dual_monitors', 'standing_desk'], description: 'Sit-stand desk by the window.', policy: policies.desk() }),
    space({ name: 'Hot Desk A2', kind: 'desk', capacity: 1, amenities: ['dual_monitors'], description: 'Desk in the quiet zone.', policy: policies.desk() }),
    space({ name: 'Podcast Studio', kind: 'studio', capacity: 4, amenities: ['soundproofing', 'microphones', 'lighting_rig'], description: 'Sound-treated studio with four microphones.', policy: policies.studio() }),
  ],
  [
    resource('Portable projector', 'equipment', 4, 'Full-HD projector with HDMI and USB-C.'),
    resource('Video-conference kit', 'equipment', 3, 'Camera, speakerphone and a 55" screen on wheels.'),
    resource('Flip chart', 'equipment', 6, 'Flip chart with markers.'),
    resource('Coffee break (per person)', 'catering', 120, 'Coffee, tea, pastéis de nata and fruit.'),
    resource('Working lunch (per person)', 'catering', 60, 'Sandwiches, salad and dessert.'),
    resource('Stackable chairs', 'furniture', 80, 'Extra chairs for larger sessions.'),
  ],
);

const newYork = demoSite(
  2,
  {
  name: 'Atlântica New York',
  address: '350 Hudson Street, New York, NY 10014, USA',
  city: 'New York',
  latitude: 40.7262,
  longitude: -74.008,
  timeZone: 'America/New_York',
  kind: 'office',
  operatorId: user(4),
  },
  [
    room('Hudson', 10, ['display', 'video_conferencing', 'whiteboard', 'river_view'], 'Meeting room with a view of the river.', policies.meetingRoom(hm(7), hm(21))),
    room('Brooklyn', 6, ['display', 'whiteboard'], 'Mid-size room next to the kitchen.', policies.meetingRoom(hm(7), hm(21))),
    room('Chelsea', 4, ['display'], 'Huddle room.', policies.meetingRoom(hm(7), hm(21))),
    room('Harlem', 8, ['display', 'video_conferencing', 'natural_light'], 'Room with a long oak table.', policies.meetingRoom(hm(7), hm(21))),
    room('Focus Booth', 1, ['soundproofing'], 'Single-person booth for calls.', policies.meetingRoom(hm(7), hm(21))),
    space({ name: 'Liberty Hall', kind: 'hall', capacity: 150, amenities: ['stage', 'pa_system', 'projector_screen', 'wheelchair_access'], description: 'Event hall for client events and all-hands; approval required.', policy: policies.auditorium(WEEKDAYS) }),
    space({ name: 'Media Lab', kind: 'studio', capacity: 6, amenities: ['green_screen', 'lighting_rig', 'microphones'], description: 'Video studio with a green screen.', policy: policies.studio() }),
  ],
  [
    resource('Portable projector', 'equipment', 3, 'Short-throw projector.'),
    resource('Conference speakerphone', 'equipment', 4, 'Omnidirectional speakerphone.'),
    resource('Breakfast platter (per person)', 'catering', 80, 'Bagels, fruit and coffee.'),
    resource('Extra chairs', 'furniture', 40, 'Folding chairs.'),
  ],
);

const hotelRoom = (name: string, capacity: number, amenities: string[], description: string) =>
  space({ name, kind: 'hotel_room', capacity, amenities, description, policy: policies.hotelRoom() });

const saoPaulo = demoSite(
  3,
  {
  name: 'Hotel Atlântica Paulista',
  address: 'Avenida Paulista 1578, Bela Vista, São Paulo - SP, 01310-200, Brazil',
  city: 'São Paulo',
  latitude: -23.5614,
  longitude: -46.6559,
  timeZone: 'America/Sao_Paulo',
  kind: 'hotel',
  operatorId: user(5),
  },
  [
    hotelRoom('Room 101', 2, ['king_bed', 'air_conditioning', 'minibar'], 'Superior room with a king bed.'),
    hotelRoom('Room 102', 2, ['twin_beds', 'air_conditioning'], 'Twin room facing the courtyard.'),
    hotelRoom('Room 201', 2, ['king_bed', 'city_view', 'minibar'], 'Deluxe room with a view of Avenida Paulista.'),
    hotelRoom('Room 202', 3, ['king_bed', 'sofa_bed', 'city_view'], 'Family room with a sofa bed.'),
    hotelRoom('Room 203', 2, ['twin_beds', 'accessible', 'air_conditioning'], 'Accessible twin room.'),
    hotelRoom('Suite 301', 4, ['king_bed', 'bathtub', 'terrace', 'city_view', 'minibar'], 'Top-floor suite with a terrace.'),
    space({ name: 'Salão Ipê', kind: 'hall', capacity: 200, amenities: ['stage', 'pa_system', 'dance_floor', 'air_conditioning'], description: 'Ballroom for weddings and conferences; approval required.', policy: policies.eventHall(true) }),
    room('Sala Jacarandá', 14, ['display', 'video_conferencing', 'natural_light'], 'Meeting room for hotel guests and local companies.', policies.workshop()),
  ],
  [
    resource('Baby cot', 'furniture', 4, 'Cot with bedding.'),
    resource('Extra bed', 'furniture', 6, 'Rollaway bed.'),
    resource('Welcome basket', 'catering', 20, 'Tropical fruit and brigadeiros.'),
    resource('Portable projector', 'equipment', 2, 'Projector with screen.'),
    resource('Coffee break (per person)', 'catering', 150, 'Coffee, pão de queijo and juices.'),
    resource('Banquet chairs', 'furniture', 200, 'Chairs with covers for events.'),
  ],
);

const table = (name: string, capacity: number, amenities: string[], description: string) =>
  space({ name, kind: 'table', capacity, amenities, description, policy: policies.table() });

const tokyo = demoSite(
  4,
  {
  name: 'Atlântica Tokyo Dining',
  address: '1-9-1 Marunouchi, Chiyoda-ku, Tokyo 100-0005, Japan',
  city: 'Tokyo',
  latitude: 35.6812,
  longitude: 139.7671,
  timeZone: 'Asia/Tokyo',
  kind: 'restaurant',
  operatorId: user(15),
  },
  [
    table('Table 1', 2, ['window_seat'], 'Window table for two.'),
    table('Table 2', 2, ['window_seat'], 'Window table for two.'),
    table('Table 3', 4, [], 'Table for four in the main room.'),
    table('Table 4', 4, [], 'Table for four in the main room.'),
    table('Table 5', 6, ['booth'], 'Booth for six.'),
    table('Table 6', 8, [], 'Long table for groups.'),
    table('Counter', 6, ['chef_counter'], "Seats at the chef's counter."),
    space({ name: 'Sakura Private Room', kind: 'table', capacity: 12, amenities: ['private', 'tatami', 'display'], description: 'Private dining room; requests are confirmed by the restaurant.', policy: policies.table(true) }),
  ],
  [
    resource('High chair', 'furniture', 4, 'High chair for small children.'),
    resource('Sake tasting set', 'catering', 12, 'Five regional sakes.'),
    resource('Celebration cake', 'catering', 6, 'Whole cake with a message.'),
    resource('Portable screen', 'equipment', 1, 'Screen for presentations in the private room.'),
  ],
);

const berlin = demoSite(
  5,
  {
  name: 'Atlântica Spreespeicher',
  address: 'Stralauer Allee 2, 10245 Berlin, Germany',
  city: 'Berlin',
  latitude: 52.5018,
  longitude: 13.445,
  timeZone: 'Europe/Berlin',
  kind: 'venue',
  operatorId: user(17),
  },
  [
    space({ name: 'Spreesaal', kind: 'auditorium', capacity: 300, amenities: ['stage', 'pa_system', 'lighting_rig', 'river_view', 'wheelchair_access'], description: 'Main hall of the former warehouse; approval required.', policy: policies.eventHall(true) }),
    space({ name: 'Loft', kind: 'hall', capacity: 80, amenities: ['pa_system', 'natural_light', 'kitchenette'], description: 'Open loft under the roof beams.', policy: policies.eventHall(false) }),
    space({ name: 'Werkstatt 1', kind: 'meeting_room', capacity: 16, amenities: ['display', 'whiteboard', 'natural_light'], description: 'Workshop room with movable tables.', policy: policies.workshop() }),
    space({ name: 'Werkstatt 2', kind: 'meeting_room', capacity: 16, amenities: ['display', 'whiteboard'], description: 'Workshop room with movable tables.', policy: policies.workshop() }),
    space({ name: 'Werkstatt 3', kind: 'meeting_room', capacity: 10, amenities: ['display', 'video_conferencing'], description: 'Smaller workshop room.', policy: policies.workshop() }),
    space({ name: 'Fotostudio', kind: 'studio', capacity: 8, amenities: ['lighting_rig', 'backdrops', 'natural_light'], description: 'Daylight photo studio with backdrops.', policy: { ...policies.studio(), openingHours: hours([...WEEKDAYS, 'sat'], { open: hm(8), close: hm(20) }) } }),
  ],
  [
    resource('Beamer', 'equipment', 6, 'Bright projector for large rooms.'),
    resource('Wireless microphone', 'equipment', 12, 'Handheld or lapel.'),
    resource('Stage riser', 'furniture', 24, '2 × 1 m stage segment.'),
    resource('Buffet (per person)', 'catering', 400, 'Seasonal buffet from the Spreespeicher kitchen.'),
    resource('Banquet chairs', 'furniture', 300, 'Upholstered chairs.'),
    resource('LED lighting kit', 'equipment', 4, 'Colour LED wash lights.'),
  ],
);

const users: DemoUser[] = [
  { userId: user(1), name: 'Ana Ribeiro', email: 'ana.ribeiro@atlantica.example', title: 'Head of Workplace', roles: ['admin'] },
  { userId: user(2), name: 'João Carvalho', email: 'joao.carvalho@atlantica.example', title: 'Office manager, Lisbon', roles: ['staff'], homeSiteId: lisbon.siteId },
  { userId: user(3), name: 'Sofia Martins', email: 'sofia.martins@atlantica.example', title: 'Product designer', roles: ['booker'], homeSiteId: lisbon.siteId },
  { userId: user(4), name: 'Daniel Okafor', email: 'daniel.okafor@atlantica.example', title: 'Office manager, New York', roles: ['manager'], homeSiteId: newYork.siteId },
  { userId: user(5), name: 'Beatriz Santos', email: 'beatriz.santos@atlantica.example', title: 'Front office manager, São Paulo', roles: ['hotelier'], homeSiteId: saoPaulo.siteId },
  { userId: user(6), name: 'Emily Carter', email: 'emily.carter@northwind.example', title: 'Client, Northwind Partners', roles: ['client'], homeSiteId: newYork.siteId },
  { userId: user(7), name: 'Kenji Watanabe', email: 'kenji.watanabe@example.jp', title: 'Guest', roles: ['guest'], homeSiteId: tokyo.siteId },
  { userId: user(8), name: 'Lukas Becker', email: 'lukas.becker@atlantica.example', title: 'Intern', roles: ['viewer'] },
  { userId: user(9), name: 'Claire Dubois', email: 'claire.dubois@atlantica.example', title: 'Internal auditor', roles: ['auditor'] },
  { userId: user(10), name: 'Priya Raman', email: 'priya.raman@atlantica.example', title: 'Data analyst', roles: ['analyst'] },
  { userId: user(11), name: 'Miguel Fernandes', email: 'miguel.fernandes@atlantica.example', title: 'Engineering lead', roles: ['booker'], homeSiteId: lisbon.siteId },
  { userId: user(12), name: 'Inês Costa', email: 'ines.costa@atlantica.example', title: 'Marketing manager', roles: ['booker'], homeSiteId: lisbon.siteId },
  { userId: user(13), name: 'Marcus Johnson', email: 'marcus.johnson@atlantica.example', title: 'Account director', roles: ['booker'], homeSiteId: newYork.siteId },
  { userId: user(14), name: 'Olivia Chen', email: 'olivia.chen@atlantica.example', title: 'Sales engineer', roles: ['booker'], homeSiteId: newYork.siteId },
  { userId: user(15), name: 'Aiko Mori', email: 'aiko.mori@atlantica.example', title: 'Restaurant manager, Tokyo', roles: ['manager'], homeSiteId: tokyo.siteId },
  { userId: user(16), name: 'Haruto Sato', email: 'haruto.sato@example.jp', title: 'Client', roles: ['client'], homeSiteId: tokyo.siteId },
  { userId: user(17), name: 'Jonas Weber', email: 'jonas.weber@atlantica.example', title: 'Venue manager, Berlin', roles: ['staff'], homeSiteId: berlin.siteId },
  { userId: user(18), name: 'Lena Schmidt', email: 'lena.schmidt@eventwerk.example', title: 'Client, Eventwerk GmbH', roles: ['client'], homeSiteId: berlin.siteId },
  { userId: user(19), name: 'Felix Wagner', email: 'felix.wagner@atlantica.example', title: 'Event producer', roles: ['booker'], homeSiteId: berlin.siteId },
  { userId: user(20), name: 'Camila Rocha', email: 'camila.rocha@example.com.br', title: 'Guest', roles: ['guest'], homeSiteId: saoPaulo.siteId },
  { userId: user(21), name: 'Thiago Alves', email: 'thiago.alves@example.com.br', title: 'Guest', roles: ['guest'], homeSiteId: saoPaulo.siteId },
  { userId: user(22), name: 'Mariana Duarte', email: 'mariana.duarte@atlantica.example', title: 'Travel coordinator', roles: ['booker'], homeSiteId: saoPaulo.siteId },
];

export const DEMO_ORGANISATION: DemoOrganisation = {
  name: 'Atlântica Group',
  sites: [lisbon, newYork, saoPaulo, tokyo, berlin],
  users,
};

/** The person the README examples act as (X-Dev-User). */
export const DEMO_BOOKER = users[2]!;
export const DEMO_ADMIN = users[0]!;
