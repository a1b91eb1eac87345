import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../shared/event-store/event-store.js';
import { CONTEXT_TOPICS, eventToMessage, messageToEvent, topicFor } from './event-message.js';

describe('event messages', () => {
  it('maps each stream category to its context topic, and others to none', () => {
    expect(topicFor('booking-b1')).toBe('reserva.booking');
    expect(topicFor('schedule-room-a-2026-03-01')).toBe('reserva.scheduling');
    for (const s of ['site-1', 'space-1', 'resource-1', 'blackout-1']) expect(topicFor(s)).toBe('reserva.catalog');
    for (const s of ['user-1', 'login-1', 'role-auditor']) expect(topicFor(s)).toBe('reserva.identity');
    expect(topicFor('person-1')).toBeUndefined();
    expect(topicFor('booking')).toBeUndefined();
    expect([...CONTEXT_TOPICS].sort()).toEqual(['reserva.booking', 'reserva.catalog', 'reserva.identity', 'reserva.scheduling']);
  });

  it('keys by stream id, carries the documented headers, and round-trips the event', () => {
    const event: RecordedEvent = {
      streamId: 'booking-b1', revision: 3, position: { commit: 12345678901234n, prepare: 7n }, id: 'e-1', type: 'BookingConfirmed', data: { placement: 1 },
      metadata: { schemaVersion: 2, occurredAt: '2026-03-01T09:00:00.000Z', actor: { id: 'u-1', kind: 'user' }, correlationId: 'c-1', causationId: 'k-1' },
      recordedAt: '2026-03-01T09:00:00.010Z',
    };
    const message = eventToMessage(event)!;
    expect(message.key).toBe('booking-b1');
    expect(message.headers).toEqual({ 'event-type': 'BookingConfirmed', 'event-id': 'e-1', 'schema-version': '2', 'correlation-id': 'c-1', 'stream-id': 'booking-b1', revision: '3' });
    expect(messageToEvent(message)).toEqual(event);
    expect(eventToMessage({ ...event, streamId: 'person-1' })).toBeUndefined();
  });
});
