import type { RecordedEvent } from '../shared/event-store/event-store.js';
import { HEADERS, type Message } from './message.js';

/** Bounded context of each stream category (the stream id's text before its first '-'). */
const CONTEXT_BY_CATEGORY: Readonly<Record<string, string>> = {
  booking: 'booking',
  schedule: 'scheduling',
  site: 'catalog',
  space: 'catalog',
  resource: 'catalog',
  blackout: 'catalog',
  user: 'identity',
  login: 'identity',
  role: 'identity',
};

/** One topic per context. */
export const CONTEXT_TOPICS: readonly string[] = [...new Set(Object.values(CONTEXT_BY_CATEGORY))].map((context) => `reserva.${context}`);

/** The topic of a stream's events, or undefined for a category no context owns (not relayed). */
export function topicFor(streamId: string): string | undefined {
  const context = CONTEXT_BY_CATEGORY[streamId.slice(0, streamId.indexOf('-'))];
  return context === undefined ? undefined : `reserva.${context}`;
}

/** What a message's value holds: the whole recorded event, positions as decimal strings. */
interface EventValue {
  id: string;
  type: string;
  streamId: string;
  revision: number;
  position: { commit: string; prepare: string };
  data: unknown;
  metadata: RecordedEvent['metadata'];
  recordedAt: string;
}

/**
 * The message for an event, or undefined when no topic takes its stream. Key = stream id: the
 * id without its category would not be unique across categories, and one stream must stay in
 * one partition to keep its order.
 */
export function eventToMessage(event: RecordedEvent): Message | undefined {
  const topic = topicFor(event.streamId);
  if (topic === undefined) return undefined;
  const value: EventValue = {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    position: { commit: String(event.position.commit), prepare: String(event.position.prepare) },
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  };
  return {
    topic,
    key: event.streamId,
    value: Buffer.from(JSON.stringify(value)),
    headers: {
      [HEADERS.eventType]: event.type,
      [HEADERS.eventId]: event.id,
      [HEADERS.schemaVersion]: String(event.metadata.schemaVersion),
      [HEADERS.correlationId]: event.metadata.correlationId,
      [HEADERS.streamId]: event.streamId,
      [HEADERS.revision]: String(event.revision),
    },
  };
}

/** The recorded event a relayed message carries. */
export function messageToEvent(message: Pick<Message, 'value'>): RecordedEvent {
  const value = JSON.parse(message.value.toString('utf8')) as EventValue;
  return { ...value, position: { commit: BigInt(value.position.commit), prepare: BigInt(value.position.prepare) } };
}
