import express, { type RequestHandler, type Response, type Router } from 'express';
import type { AuditFilter } from '../../audit/application/audit-log-reader.js';
import type { AuditEntryView, AuditTrail } from '../../audit/application/audit-trail.js';
import { bookingHoldsAt } from '../../audit/domain/space-holders.js';
import { PERMISSIONS as P } from '../../identity/domain/permissions.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import { defineRoute, type AnyApiRoute } from '../api-route.js';
import { authenticate, type Authenticator } from '../auth/authenticator.js';
import { requirePermission } from '../auth/require-permission.js';
import { AuditBookingParams, AuditBookingQuery, AuditEntriesQuery, AuditEntryPage, AuditVerification, BookingAsOf } from '../contracts/audit.contracts.js';
import { expressPath } from '../mount-route.js';
import { parseInput } from '../parse-input.js';
import { API_PREFIX, pageBody } from './route-deps.js';

const tags = ['audit'];
const ENTRIES = `${API_PREFIX}/audit/entries`;

function filterOf(query: AuditEntriesQuery): AuditFilter {
  const { bookingId, userId, spaceId, actor, eventType, from, to } = query;
  const filter: AuditFilter = { bookingId, userId, spaceId, actorId: actor, eventType, from, to };
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
}

/** The auditor's API (permission audit.read, held everywhere). Exports of the trail: auditExports. */
export function auditRoutes(trail: AuditTrail): AnyApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: ENTRIES,
      operationId: 'listAuditEntries',
      summary: 'The audit trail: every event in hash-chain order, filtered and paginated, or exported',
      description: '`format=jsonl` answers application/x-ndjson (one entry per line), `format=csv` text/csv with a header row; both hold every matching entry.',
      tags,
      access: [P.auditRead],
      query: AuditEntriesQuery,
      success: { status: 200, description: 'A page of entries.', schema: AuditEntryPage },
      errors: [],
      handle: async ({ query }) => ({ body: pageBody(await trail.entries(filterOf(query), query), query) }),
    }),
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/audit/verification`,
      operationId: 'verifyAuditLog',
      summary: 'Recompute the hash chain and report the first broken entry',
      tags,
      access: [P.auditRead],
      success: { status: 200, description: '`ok`, or the first entry that breaks the chain.', schema: AuditVerification },
      errors: [],
      handle: async () => ({ body: await trail.verify() }),
    }),
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/audit/bookings/{bookingId}`,
      operationId: 'getBookingAsOf',
      summary: 'A booking as it stood at an instant, rebuilt from its events',
      description:
        '404 when the booking did not exist yet at `asOf`. `asOf` compares each event’s `occurredAt` (when its command was decided; the store records it moments later, see `recordedAt` in the trail). ' +
        '`validAt` adds `validTime`: whether, in that state, the booking held its space at that instant of the world. Who held a whole space: GET /api/v1/audit/spaces/{spaceId}/holders.',
      tags,
      access: [P.auditRead],
      params: AuditBookingParams,
      query: AuditBookingQuery,
      success: { status: 200, description: 'The state at `asOf`.', schema: BookingAsOf },
      errors: [404],
      handle: async ({ params, query }) => {
        const booking = await trail.bookingAsOf(params.bookingId, new Date(query.asOf));
        if (!booking) throw new NotFoundError('booking', params.bookingId);
        const validTime = query.validAt === undefined ? undefined : { at: query.validAt, holdsSpace: bookingHoldsAt(booking.state, Date.parse(query.validAt)) };
        // A copy: the Booking interface has no index signature for the contract's loose object.
        return { body: { ...booking, ...(validTime && { validTime }), state: { ...booking.state } } };
      },
    }),
  ];
}

/**
 * `GET /audit/entries?format=jsonl|csv`: the route table answers JSON only, so the exports are
 * plain handlers in front of it, behind the same authentication and permission; other formats
 * fall through to the JSON route.
 */
export function auditExports(trail: AuditTrail, authenticator: Authenticator): Router {
  const router = express.Router();
  const isExport: RequestHandler = (req, _res, next) => next(req.query.format === 'jsonl' || req.query.format === 'csv' ? undefined : 'route');
  router.get(expressPath(ENTRIES), isExport, authenticate(authenticator), requirePermission([P.auditRead]), async (req, res) => {
    const query = parseInput(AuditEntriesQuery, req.query, 'query');
    const csv = query.format === 'csv';
    res.status(200).set({
      'Content-Type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-entries.${csv ? 'csv' : 'jsonl'}"`,
    });
    try {
      if (csv) res.write(csvLine(CSV_COLUMNS.map((c) => c.name)));
      for await (const entries of trail.export(filterOf(query))) {
        await write(res, entries.map((e) => (csv ? csvLine(CSV_COLUMNS.map((c) => c.value(e))) : `${JSON.stringify(e)}\n`)).join(''));
      }
      res.end();
    } catch (error) {
      // Headers are gone: all a client can be told is that the body is cut short.
      res.destroy(error as Error);
    }
  });
  return router;
}

const json = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));
const CSV_COLUMNS: { name: string; value: (e: AuditEntryView) => string }[] = [
  { name: 'seq', value: (e) => String(e.seq) },
  { name: 'eventId', value: (e) => e.eventId },
  { name: 'streamId', value: (e) => e.streamId },
  { name: 'revision', value: (e) => String(e.revision) },
  { name: 'type', value: (e) => e.type },
  { name: 'occurredAt', value: (e) => e.occurredAt },
  { name: 'recordedAt', value: (e) => e.recordedAt },
  { name: 'actorId', value: (e) => e.actor.id },
  { name: 'actorKind', value: (e) => e.actor.kind },
  { name: 'correlationId', value: (e) => e.correlationId },
  { name: 'causationId', value: (e) => e.causationId },
  { name: 'request', value: (e) => json(e.request) },
  { name: 'data', value: (e) => json(e.data) },
  { name: 'prevHash', value: (e) => e.prevHash },
  { name: 'hash', value: (e) => e.hash },
];

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; lines end CRLF. */
function csvLine(fields: string[]): string {
  return `${fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',')}\r\n`;
}

/** Writes and waits for the socket to drain when its buffer is full. */
function write(res: Response, chunk: string): Promise<void> {
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
    };
    const onDrain = () => (cleanup(), resolve());
    const onClose = () => (cleanup(), reject(new Error('client went away')));
    res.once('drain', onDrain).once('close', onClose);
  });
}
