import { emailLanguage, plural, type EmailLanguage } from '../../shared/mail/email-layout.js';
import { BUSY_SHARE, QUIET_SHARE, type DayPart, type OccupancyInsight } from './recommend-insights.js';
import type { RankedSlot } from './recommend-slots.js';

/** The words of one language; weekday arrays are indexed by ISO weekday − 1. */
interface ReasonCopy {
  /** "Fridays 14:00–16:00". */
  when(isoWeekday: number, from: string, to: string): string;
  weeks(n: number): string;
  free(when: string, pct: number, weeks: string): string;
  some(when: string, pct: number, weeks: string): string;
  busy(when: string, pct: number, weeks: string): string;
  unknown(when: string): string;
  busyPart(isoWeekday: number, part: DayPart, pct: number): string;
  quietPart(isoWeekday: number, part: DayPart, pct: number): string;
}

const EN_WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const en: ReasonCopy = {
  when: (d, from, to) => `${EN_WEEKDAYS[d - 1]}s ${from}–${to}`,
  weeks: (n) => (n === 1 ? 'the last week' : `the last ${n} weeks`),
  free: (when, pct, weeks) => `${when} are usually free (${pct}% booked over ${weeks})`,
  some: (when, pct, weeks) => `${when} are booked ${pct}% of the time over ${weeks}`,
  busy: (when, pct, weeks) => `${when} are usually busy (${pct}% booked over ${weeks}); this one is free now`,
  unknown: (when) => `No booking history yet for ${when}`,
  busyPart: (d, part, pct) => `${EN_WEEKDAYS[d - 1]} ${part}s are ${pct}% booked`,
  quietPart: (d, part, pct) => `${EN_WEEKDAYS[d - 1]} ${part}s are usually free (${pct}% booked)`,
};

const PT_ON_WEEKDAYS = ['às segundas-feiras', 'às terças-feiras', 'às quartas-feiras', 'às quintas-feiras', 'às sextas-feiras', 'aos sábados', 'aos domingos'];
const PT_WEEKDAYS = ['segunda-feira', 'terça-feira', 'quarta-feira', 'quinta-feira', 'sexta-feira', 'sábado', 'domingo'];
const PT_PARTS: Record<DayPart, string> = { morning: 'As manhãs', afternoon: 'As tardes', evening: 'As noites' };
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const pt: ReasonCopy = {
  when: (d, from, to) => `${PT_ON_WEEKDAYS[d - 1]}, das ${from} às ${to}`,
  weeks: (n) => (n === 1 ? 'na última semana' : `nas últimas ${n} semanas`),
  free: (when, pct, weeks) => `${capitalise(when)}, está normalmente livre (${pct}% ocupado ${weeks})`,
  some: (when, pct, weeks) => `${capitalise(when)}, está ocupado ${pct}% do tempo ${weeks}`,
  busy: (when, pct, weeks) => `${capitalise(when)}, costuma estar ocupado (${pct}% ${weeks}); este horário está livre agora`,
  unknown: (when) => `Ainda não há histórico de reservas ${when}`,
  busyPart: (d, part, pct) => `${PT_PARTS[part]} de ${PT_WEEKDAYS[d - 1]} estão ${pct}% ocupadas`,
  quietPart: (d, part, pct) => `${PT_PARTS[part]} de ${PT_WEEKDAYS[d - 1]} costumam estar livres (${pct}% ocupadas)`,
};

const RU_ON_WEEKDAYS = ['По понедельникам', 'По вторникам', 'По средам', 'По четвергам', 'По пятницам', 'По субботам', 'По воскресеньям'];
const RU_IN_WEEKDAYS = ['в понедельник', 'во вторник', 'в среду', 'в четверг', 'в пятницу', 'в субботу', 'в воскресенье'];
const RU_PARTS: Record<DayPart, string> = { morning: 'По утрам', afternoon: 'Днём', evening: 'По вечерам' };
const ru: ReasonCopy = {
  when: (d, from, to) => `${RU_ON_WEEKDAYS[d - 1]} с ${from} до ${to}`,
  weeks: (n) => (n === 1 ? 'последнюю неделю' : `последние ${plural('ru', n, { one: 'неделю', few: 'недели', many: 'недель', other: 'недели' })}`),
  free: (when, pct, weeks) => `${when} обычно свободно (занято ${pct}% за ${weeks})`,
  some: (when, pct, weeks) => `${when} занято ${pct}% времени за ${weeks}`,
  busy: (when, pct, weeks) => `${when} обычно занято (${pct}% за ${weeks}), но сейчас это время свободно`,
  unknown: (when) => `${when} истории бронирований пока нет`,
  busyPart: (d, part, pct) => `${RU_PARTS[part]} ${RU_IN_WEEKDAYS[d - 1]} занято ${pct}%`,
  quietPart: (d, part, pct) => `${RU_PARTS[part]} ${RU_IN_WEEKDAYS[d - 1]} обычно свободно (занято ${pct}%)`,
};

/** Reasons are written in the languages of Reserva's emails; any other locale reads English. */
const COPY: Record<EmailLanguage, ReasonCopy> = { en, pt, ru };

const pad = (n: number) => String(n).padStart(2, '0');
/** Minutes since local midnight as HH:MM (a slot running past midnight wraps). */
export function clockTime(minutes: number): string {
  const m = minutes % 1440;
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

const percent = (share: number) => Math.round(share * 100);

/** Why a slot is recommended: how booked its weekday and hours have been. */
export function slotReason(slot: RankedSlot, locale: string | undefined): string {
  const copy = COPY[emailLanguage(locale)];
  const when = copy.when(slot.local.isoWeekday, clockTime(slot.local.startMinute), clockTime(slot.local.endMinute));
  if (slot.slotShare === null) return copy.unknown(when);
  const pct = percent(slot.slotShare);
  const weeks = copy.weeks(slot.historyWeeks);
  if (slot.slotShare <= QUIET_SHARE) return copy.free(when, pct, weeks);
  if (slot.slotShare < BUSY_SHARE) return copy.some(when, pct, weeks);
  return copy.busy(when, pct, weeks);
}

export function insightText(insight: OccupancyInsight, locale: string | undefined): string {
  const copy = COPY[emailLanguage(locale)];
  const pct = percent(insight.share);
  return insight.kind === 'busy' ? copy.busyPart(insight.isoWeekday, insight.part, pct) : copy.quietPart(insight.isoWeekday, insight.part, pct);
}
