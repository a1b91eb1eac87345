import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { cancelled, changed, changeRequested, confirmed, entryAfter, requested } from './ics-fixtures.js';
import { buildInvitation, invitationContentType, invitationMethod, type InvitationInput } from './itip.js';

const organizer = { email: 'rooms@reserva.example', name: 'Reserva' };
const attendee = { email: 'ann@example.com', name: 'Ann Lee, Sales' };

function invite(input: Pick<InvitationInput, 'entry' | 'method'> & Partial<InvitationInput>) {
  const ics = buildInvitation({
    organizer, attendee, location: 'Lisbon HQ, Av. da Liberdade 1', summary: input.entry.purpose, now: new Date('2026-03-01T12:00:00Z'), ...input,
  });
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return { ics, calendar, event: calendar.getFirstSubcomponent('vevent')! };
}

describe('buildInvitation (iTIP)', () => {
  const created = entryAfter([[requested(), '2026-03-01T10:00:00.000Z'], [confirmed(), '2026-03-01T10:00:01.000Z']]);
  const moved = entryAfter([
    [requested(), '2026-03-01T10:00:00.000Z'], [confirmed(), '2026-03-01T10:00:01.000Z'],
    [changeRequested(2, '2026-03-02T14:00:00.000Z', '2026-03-02T15:30:00.000Z', 'Planning, moved'), '2026-03-01T11:00:00.000Z'],
    [changed(2), '2026-03-01T11:00:01.000Z'],
  ]);
  const gone = entryAfter([
    [requested(), '2026-03-01T10:00:00.000Z'], [confirmed(), '2026-03-01T10:00:01.000Z'],
    [changeRequested(2, '2026-03-02T14:00:00.000Z', '2026-03-02T15:30:00.000Z', 'Planning, moved'), '2026-03-01T11:00:00.000Z'],
    [changed(2), '2026-03-01T11:00:01.000Z'], [cancelled(), '2026-03-01T12:00:00.000Z'],
  ]);

  it('REQUEST on create: one VEVENT the attendee has already accepted, no reply asked', () => {
    const { ics, calendar, event } = invite({ entry: created, method: 'REQUEST' });
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Reserva//Reserva Booking//EN');
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(1);
    expect(event.getFirstPropertyValue('uid')).toBe(created.uid);
    expect(event.getFirstPropertyValue('sequence')).toBe(1);
    expect(event.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(event.getFirstPropertyValue('summary')).toBe('Quarterly planning');
    expect(event.getFirstPropertyValue('location')).toBe('Lisbon HQ, Av. da Liberdade 1');
    expect(event.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-03-01T12:00:00Z');
    expect(event.getFirstPropertyValue('dtstart')!.toString()).toBe('2026-03-02T09:00:00Z');
    expect(event.getFirstPropertyValue('dtend')!.toString()).toBe('2026-03-02T10:00:00Z');
    const org = event.getFirstProperty('organizer')!;
    expect(org.getFirstValue()).toBe('mailto:rooms@reserva.example');
    expect(org.getParameter('cn')).toBe('Reserva');
    const att = event.getFirstProperty('attendee')!;
    expect(att.getFirstValue()).toBe('mailto:ann@example.com');
    expect(att.getParameter('cn')).toBe('Ann Lee, Sales');
    expect(att.getParameter('partstat')).toBe('ACCEPTED');
    expect(att.getParameter('rsvp')).toBe('FALSE');
    expect(att.getParameter('role')).toBe('REQ-PARTICIPANT');
  });

  it('a booking awaiting approval goes out TENTATIVE', () => {
    const pending = entryAfter([[requested({ approvalRequired: true }), '2026-03-01T10:00:00.000Z']]);
    const { event } = invite({ entry: pending, method: 'REQUEST' });
    expect(event.getFirstPropertyValue('status')).toBe('TENTATIVE');
    expect(event.getFirstPropertyValue('x-microsoft-cdo-busystatus')).toBe('TENTATIVE');
  });

  it('REQUEST after a change: same UID, higher SEQUENCE, new times and summary', () => {
    const first = invite({ entry: created, method: 'REQUEST' }).event;
    const { event } = invite({ entry: moved, method: 'REQUEST', summary: moved.purpose });
    expect(event.getFirstPropertyValue('uid')).toBe(first.getFirstPropertyValue('uid'));
    expect(Number(event.getFirstPropertyValue('sequence'))).toBeGreaterThan(Number(first.getFirstPropertyValue('sequence')));
    expect(event.getFirstPropertyValue('dtstart')!.toString()).toBe('2026-03-02T14:00:00Z');
    expect(event.getFirstPropertyValue('dtend')!.toString()).toBe('2026-03-02T15:30:00Z');
    expect(event.getFirstPropertyValue('summary')).toBe('Planning, moved');
  });

  it('CANCEL: same UID, higher SEQUENCE again, STATUS:CANCELLED', () => {
    const before = invite({ entry: moved, method: 'REQUEST' }).event;
    const { calendar, event } = invite({ entry: gone, method: 'CANCEL' });
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.getFirstPropertyValue('uid')).toBe(before.getFirstPropertyValue('uid'));
    expect(event.getFirstPropertyValue('sequence')).toBe(Number(before.getFirstPropertyValue('sequence')) + 1);
    expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.getFirstProperty('attendee')!.getFirstValue()).toBe('mailto:ann@example.com');
  });

  it('refuses a method that contradicts the booking, and says which one fits', () => {
    expect(invitationMethod(created)).toBe('REQUEST');
    expect(invitationMethod(gone)).toBe('CANCEL');
    expect(() => invite({ entry: gone, method: 'REQUEST' })).toThrow(/CANCEL/);
    expect(() => invite({ entry: created, method: 'CANCEL' })).toThrow(/REQUEST/);
    expect(invitationContentType('CANCEL')).toBe('text/calendar; charset=utf-8; method=CANCEL');
  });

  it('omits empty optional parts; private bookings are CLASS:PRIVATE', () => {
    const priv = entryAfter([[requested({ private: true }), '2026-03-01T10:00:00.000Z']]);
    const { event } = invite({ entry: priv, method: 'REQUEST', location: null, organizer: { email: 'rooms@reserva.example' }, description: 'Bring\nslides' });
    expect(event.getFirstProperty('location')).toBeNull();
    expect(event.getFirstProperty('organizer')!.getParameter('cn')).toBeUndefined();
    expect(event.getFirstPropertyValue('class')).toBe('PRIVATE');
    expect(event.getFirstPropertyValue('description')).toBe('Bring\nslides');
  });
});
