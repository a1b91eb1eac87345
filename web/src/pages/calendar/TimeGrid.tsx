import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { Link } from '../../app/router.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatInstant, formatRange } from '../../time/format.js';
import { axisKeys, axisPosition, overlapsAny, sideBySide, type CalendarInterval, type IntervalKind, type Slot } from './calendar-grid.js';

/** A column of the time grid: a day of the week view, or a space (lane) of the site day view. */
export interface TimeColumn {
  id: string;
  /** Spoken with every cell of the column: the day, or the space's name. */
  label: string;
  header: ReactNode;
  date: string;
  today: boolean;
  slots: Slot[];
  intervals: CalendarInterval[];
  laneId?: string;
}

export type SelectRange = (start: Date, end: Date, laneId?: string) => void;

type CellState = 'free' | 'past' | IntervalKind;
/** The kind a slot is named after when several intervals cover it. */
const PRIORITY: IntervalKind[] = ['mine', 'booking', 'blackout', 'busy', 'closed'];
/** A click or Enter on a single free slot books up to an hour from it. */
const DEFAULT_SLOTS = 4;

interface Selection {
  col: number;
  anchor: number;
  focus: number;
}

function slotState(slot: Slot, intervals: readonly CalendarInterval[], now: number): CellState {
  const covering = intervals.filter((i) => Date.parse(i.start) < slot.end && Date.parse(i.end) > slot.start).map((i) => i.kind);
  const kind = PRIORITY.find((k) => covering.includes(k));
  return kind ?? (slot.start < now ? 'past' : 'free');
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** "GMT+1": tells apart the two 01:00 rows of a fall-back day. */
function utcOffset(instant: number, locale: string, timeZone: string): string {
  const key = `${locale}|${timeZone}`;
  let f = offsetFormatters.get(key);
  if (!f) offsetFormatters.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'shortOffset' })));
  return f.formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/**
 * The day / week / lanes grid: one row per 15 minutes in the viewer's zone, rows lined up by wall
 * clock across days (a DST day shows its 23 or 25 hours). Cells form an ARIA grid with a roving
 * tabindex; selection by pointer drag, tap/click, or keyboard (Shift+arrows, Enter).
 */
export function TimeGrid({ columns, timeZone, now, label, onSelectRange, hasData }: { columns: TimeColumn[]; timeZone: string; now: number; label: string; onSelectRange?: SelectRange; hasData: boolean }) {
  const { t, locale } = useI18n();
  const selectable = onSelectRange !== undefined;
  const gridRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const fmtTime = (ms: number) => formatInstant(new Date(ms), locale, timeZone, 'time');

  const axis = useMemo(() => axisKeys(columns.map((c) => c.slots)), [columns]);
  const rowOf = useMemo(() => new Map(axis.map((k, i) => [k, i])), [axis]);
  const model = useMemo(
    () =>
      columns.map((c) => {
        const states = c.slots.map((s) => slotState(s, c.intervals, now));
        return {
          byKey: new Map(c.slots.map((s, i) => [s.key, i])),
          states,
          labels: c.slots.map((s, i) => t('calendar.cell', { column: c.label, time: `${fmtTime(s.start)}–${fmtTime(s.end)}`, state: t(`calendar.state.${states[i]!}`) })),
        };
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [columns, now, t, locale, timeZone],
  );
  const axisLabels = useMemo(() => {
    const startOf = new Map<string, number>();
    for (const c of columns) for (const s of c.slots) if (!startOf.has(s.key)) startOf.set(s.key, s.start);
    const ambiguous = new Set(axis.filter((k) => k.endsWith('#1')).map((k) => k.slice(0, 5)));
    return axis.map((key) => {
      const start = startOf.get(key)!;
      return ambiguous.has(key.slice(0, 5)) ? `${fmtTime(start)} ${utcOffset(start, locale, timeZone)}` : fmtTime(start);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [axis, columns, locale, timeZone]);

  const blocks = useMemo(
    () =>
      columns.flatMap((c, ci) => {
        const colStart = c.slots[0]!.start;
        const colEnd = c.slots.at(-1)!.end;
        const pieces = c.intervals
          .map((interval) => ({ interval, start: Math.max(Date.parse(interval.start), colStart), end: Math.min(Date.parse(interval.end), colEnd) }))
          .filter((p) => p.end > p.start);
        const held = pieces.filter((p) => p.interval.kind !== 'closed');
        const places = sideBySide(held);
        return pieces.map((p, pi) => {
          const top = axisPosition(p.start, c.slots, rowOf);
          return {
            key: `${ci}:${pi}:${p.interval.kind}:${p.interval.start}`,
            col: ci,
            top,
            height: axisPosition(p.end, c.slots, rowOf) - top,
            place: p.interval.kind === 'closed' ? { index: 0, of: 1 } : places[held.indexOf(p)]!,
            interval: p.interval,
          };
        });
      }),
    [columns, rowOf],
  );

  const [active, setActive] = useState<{ col: number; slot: number } | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [message, setMessage] = useState('');
  const selectionRef = useRef<Selection | null>(null);
  const drag = useRef<{ col: number; anchor: number; moved: boolean; pointerId: number } | null>(null);
  const wantFocus = useRef(false);
  const updateSelection = (s: Selection | null) => {
    selectionRef.current = s;
    setSelection(s);
  };

  // Scroll to the first open hour (or 07:00) when the days change or their data arrives.
  const scrollRow = useMemo(() => {
    const firstOpen = Math.min(
      ...model.map((m, ci) => {
        const i = m.states.findIndex((s) => s !== 'closed');
        return i < 0 ? Infinity : rowOf.get(columns[ci]!.slots[i]!.key)!;
      }),
    );
    const firstEvent = Math.min(...blocks.filter((b) => b.interval.kind !== 'closed').map((b) => Math.floor(b.top)));
    const seven = rowOf.get('07:00#0') ?? 0;
    const target = firstOpen > 0 && firstOpen < Infinity ? firstOpen : Math.min(seven, firstEvent);
    return Math.max(0, target - 2);
  }, [model, blocks, rowOf, columns]);
  const daysKey = columns.map((c) => `${c.id}@${c.date}`).join();
  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    const row = scroller?.querySelector<HTMLElement>(`[data-row="${scrollRow}"]`);
    const head = scroller?.querySelector<HTMLElement>('.cal-colhead');
    if (scroller && row) scroller.scrollTop = row.offsetTop - (head?.offsetHeight ?? 0);
    // A week wider than the screen scrolls sideways: bring today's column into view.
    const today = scroller?.querySelector<HTMLElement>('.cal-colhead.cal-today');
    if (scroller && today && head && today.offsetLeft + today.offsetWidth > scroller.clientWidth) scroller.scrollLeft = today.offsetLeft - head.offsetWidth;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [daysKey, hasData]);

  // Keep the roving tabindex on a cell that exists in the columns shown now.
  const current = active && active.col < columns.length && active.slot < columns[active.col]!.slots.length ? active : null;
  const tabStop = current ?? (() => {
    // Today's first free slot, else the first slot in view.
    const col = Math.max(0, columns.findIndex((c) => c.today));
    const free = model[col]!.states.indexOf('free');
    return { col, slot: free >= 0 ? free : (model[col]!.byKey.get(axis[scrollRow + 2] ?? axis[0]!) ?? 0) };
  })();

  useEffect(() => {
    if (!wantFocus.current || !current) return;
    wantFocus.current = false;
    gridRef.current?.querySelector<HTMLElement>(`[data-col="${current.col}"][data-slot="${current.slot}"]`)?.focus();
  }, [current]);

  const rangeOf = (s: Selection) => {
    const slots = columns[s.col]!.slots;
    const [a, b] = s.anchor <= s.focus ? [s.anchor, s.focus] : [s.focus, s.anchor];
    return { start: slots[a]!.start, end: slots[b]!.end };
  };
  const refusal = (s: Selection): string | null => {
    const { start, end } = rangeOf(s);
    if (start < now) return t('calendar.refusedPast');
    return overlapsAny(start, end, columns[s.col]!.intervals) ? t('calendar.refused') : null;
  };
  const commit = (s: Selection) => {
    const refused = refusal(s);
    updateSelection(null);
    if (refused) {
      setMessage(refused);
      return;
    }
    const { start, end } = rangeOf(s);
    setMessage(t('calendar.selected', { range: formatRange(new Date(start), new Date(end), locale, timeZone) }));
    onSelectRange?.(new Date(start), new Date(end), columns[s.col]!.laneId);
  };
  /** A single slot picked: book up to an hour from it, as far as the time stays free. */
  const commitFrom = (col: number, slot: number) => {
    const states = model[col]!.states;
    let last = slot;
    while (states[slot] === 'free' && last + 1 < Math.min(states.length, slot + DEFAULT_SLOTS) && states[last + 1] === 'free') last++;
    commit({ col, anchor: slot, focus: last });
  };

  const cellAt = (target: EventTarget | null) => {
    const el = (target as Element | null)?.closest?.<HTMLElement>('[data-slot]');
    return el && gridRef.current?.contains(el) ? { col: Number(el.dataset.col), slot: Number(el.dataset.slot), el } : null;
  };

  const onPointerDown = (e: PointerEvent) => {
    if (!selectable || e.button !== 0 || !e.isPrimary) return;
    const cell = cellAt(e.target);
    if (!cell) return;
    // Mouse: no text selection while dragging. Touch keeps its default so the grid still scrolls.
    if (e.pointerType === 'mouse') e.preventDefault();
    // Touch and pen capture the pointer implicitly; release it so moves report the cell underneath.
    if (cell.el.hasPointerCapture?.(e.pointerId)) cell.el.releasePointerCapture(e.pointerId);
    cell.el.focus();
    setActive({ col: cell.col, slot: cell.slot });
    drag.current = { col: cell.col, anchor: cell.slot, moved: false, pointerId: e.pointerId };
    updateSelection({ col: cell.col, anchor: cell.slot, focus: cell.slot });
    const end = (ev: globalThis.PointerEvent) => {
      if (ev.pointerId !== e.pointerId) return;
      window.removeEventListener('pointerup', end);
      window.removeEventListener('pointercancel', end);
      const d = drag.current;
      drag.current = null;
      const s = selectionRef.current;
      if (!d || !s || ev.type === 'pointercancel') updateSelection(null);
      else if (d.moved) commit(s);
      else commitFrom(d.col, d.anchor);
    };
    window.addEventListener('pointerup', end);
    window.addEventListener('pointercancel', end);
  };
  const onPointerMove = (e: PointerEvent) => {
    const d = drag.current;
    if (!d || e.pointerId !== d.pointerId) return;
    const cell = cellAt(e.target);
    if (!cell || cell.col !== d.col || cell.slot === selectionRef.current?.focus) return;
    d.moved = true;
    updateSelection({ col: d.col, anchor: d.anchor, focus: cell.slot });
  };

  /** The slot of column `to` nearest in wall-clock row to `slot` of column `from`. */
  const sameRow = (from: number, slot: number, to: number) => {
    const row = rowOf.get(columns[from]!.slots[slot]!.key)!;
    const slots = columns[to]!.slots;
    let best = 0;
    slots.forEach((s, i) => {
      if (Math.abs(rowOf.get(s.key)! - row) < Math.abs(rowOf.get(slots[best]!.key)! - row)) best = i;
    });
    return best;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const cell = cellAt(e.target);
    if (!cell) return;
    const { col, slot } = cell;
    const count = columns[col]!.slots.length;
    const vertical: Record<string, number> = { ArrowUp: -1, ArrowDown: 1, PageUp: -DEFAULT_SLOTS, PageDown: DEFAULT_SLOTS, Home: -count, End: count };
    let next: { col: number; slot: number };
    if (e.key in vertical) next = { col, slot: Math.min(count - 1, Math.max(0, slot + vertical[e.key]!)) };
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      if (e.shiftKey) return;
      const to = Math.min(columns.length - 1, Math.max(0, col + (e.key === 'ArrowLeft' ? -1 : 1)));
      next = { col: to, slot: to === col ? slot : sameRow(col, slot, to) };
    } else if ((e.key === 'Enter' || e.key === ' ') && selectable) {
      e.preventDefault();
      const s = selectionRef.current;
      if (s && s.col === col) commit(s);
      else commitFrom(col, slot);
      return;
    } else if (e.key === 'Escape' && selectionRef.current) {
      e.preventDefault();
      updateSelection(null);
      return;
    } else return;
    e.preventDefault();
    if (e.shiftKey && selectable && next.col === col) {
      const s = selectionRef.current;
      updateSelection({ col, anchor: s && s.col === col ? s.anchor : slot, focus: next.slot });
    } else updateSelection(null);
    wantFocus.current = true;
    setActive(next);
  };

  const sel = selection ? { ...selection, ...rangeOf(selection), refused: refusal(selection) !== null } : null;
  const rowOfSlot = (col: number, slot: number) => rowOf.get(columns[col]!.slots[slot]!.key)!;
  const tabRow = rowOfSlot(tabStop.col, tabStop.slot);
  const selRows = selection ? [rowOfSlot(selection.col, selection.anchor), rowOfSlot(selection.col, selection.focus)].sort((a, b) => a - b) : null;
  // One line across all lanes (they share the day), else one in today's column.
  const nowLines = columns.flatMap((c, ci) => (c.today && now >= c.slots[0]!.start && now < c.slots.at(-1)!.end ? [{ key: c.id, top: axisPosition(now, c.slots, rowOf), ...place(columns.length, ci, 0, 1) }] : []));
  if (nowLines.length > 1) nowLines.splice(0, nowLines.length, { ...nowLines[0]!, left: '0%', width: '100%' });

  return (
    <>
      <div className="cal-scroll" ref={scrollRef}>
        <div className="cal-canvas" style={{ ['--cal-cols' as string]: columns.length }}>
          <div
            ref={gridRef}
            role="grid"
            aria-label={label}
            aria-multiselectable={selectable || undefined}
            className={`cal-timegrid${selectable ? ' cal-selectable' : ''}`}
            onKeyDown={onKeyDown}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
          >
            <div role="row" className="cal-row">
              <div role="columnheader" className="cal-colhead cal-corner">
                <span className="visually-hidden">{t('calendar.time')}</span>
              </div>
              {columns.map((c) => (
                <div role="columnheader" key={c.id} className={`cal-colhead${c.today ? ' cal-today' : ''}`} aria-current={c.today ? 'date' : undefined}>
                  {c.header}
                </div>
              ))}
            </div>
            {axis.map((key, r) => (
              <GridRow
                key={key}
                rowKey={key}
                row={r}
                label={axisLabels[r]!}
                columns={columns}
                model={model}
                selectable={selectable}
                tabCol={tabRow === r ? tabStop.col : -1}
                selectedCol={selRows && r >= selRows[0]! && r <= selRows[1]! ? selection!.col : -1}
                gapLabel={t('calendar.state.gap')}
              />
            ))}
          </div>
          <ul className="cal-layer" aria-label={t('calendar.blocks')}>
            <Blocks blocks={blocks} columns={columns.length} timeZone={timeZone} />
            {sel && (
              <li
                className={`cal-selection${sel.refused ? ' cal-selection-refused' : ''}`}
                aria-hidden="true"
                style={{
                  ...place(columns.length, sel.col, 0, 1),
                  top: `calc(var(--cal-slot) * ${axisPosition(sel.start, columns[sel.col]!.slots, rowOf)})`,
                  height: `calc(var(--cal-slot) * ${axisPosition(sel.end, columns[sel.col]!.slots, rowOf) - axisPosition(sel.start, columns[sel.col]!.slots, rowOf)})`,
                }}
              >
                {fmtTime(sel.start)}–{fmtTime(sel.end)}
              </li>
            )}
            {nowLines.map((n) => (
              <li key={n.key} className="cal-now" aria-hidden="true" title={t('calendar.now', { time: fmtTime(now) })} style={{ left: n.left, width: n.width, top: `calc(var(--cal-slot) * ${n.top})` }} />
            ))}
          </ul>
        </div>
      </div>
      <p className="cal-message" role="status" data-testid="calendar-message">
        {message}
      </p>
    </>
  );
}

/** Horizontal place of a block: its column, and its share when overlapping blocks sit side by side. */
function place(columns: number, col: number, index: number, of: number) {
  const width = 100 / columns;
  return { left: `${width * (col + index / of)}%`, width: `${width / of}%` };
}

interface ColumnModel {
  byKey: Map<string, number>;
  states: CellState[];
  labels: string[];
}

/** One 15-minute row; memoised so moving the focus or the selection re-renders only the rows it touches. */
const GridRow = memo(function GridRow({ rowKey, row, label, columns, model, selectable, tabCol, selectedCol, gapLabel }: { rowKey: string; row: number; label: string; columns: TimeColumn[]; model: ColumnModel[]; selectable: boolean; tabCol: number; selectedCol: number; gapLabel: string }) {
  const hour = rowKey.slice(3, 5) === '00';
  return (
    <div role="row" className={`cal-row${hour ? ' cal-hour' : ''}`}>
      <div role="rowheader" className="cal-rowhead" data-row={row}>
        <span className={hour ? undefined : 'visually-hidden'}>{label}</span>
      </div>
      {columns.map((c, ci) => {
        const si = model[ci]!.byKey.get(rowKey);
        if (si === undefined) return <div role="gridcell" key={c.id} className="cal-cell cal-gap" aria-disabled="true" aria-label={gapLabel} />;
        const slot = c.slots[si]!;
        const state = model[ci]!.states[si]!;
        return (
          <div
            role="gridcell"
            key={c.id}
            className={`cal-cell cal-${state}`}
            tabIndex={tabCol === ci ? 0 : -1}
            aria-label={model[ci]!.labels[si]}
            aria-selected={selectable ? selectedCol === ci : undefined}
            data-col={ci}
            data-slot={si}
            data-day={c.date}
            data-time={slot.time}
            data-start={new Date(slot.start).toISOString()}
            data-state={state}
          />
        );
      })}
    </div>
  );
});

interface Block {
  key: string;
  col: number;
  top: number;
  height: number;
  place: { index: number; of: number };
  interval: CalendarInterval;
}

/** The intervals drawn over the grid; links where they lead somewhere (a booking). */
const Blocks = memo(function Blocks({ blocks, columns, timeZone }: { blocks: Block[]; columns: number; timeZone: string }) {
  const { t, locale } = useI18n();
  const fmtTime = (iso: string) => formatInstant(iso, locale, timeZone, 'time');
  return (
    <>
      {blocks.map((b) => {
        const { interval } = b;
        const kindText = t(`calendar.kind.${interval.kind}`);
        const status = interval.status ? t(`calendar.status.${interval.status}` as 'calendar.status.confirmed') : undefined;
        const spoken = [interval.label, kindText, formatRange(interval.start, interval.end, locale, timeZone), status].filter(Boolean).join(', ');
        const text = (
          <>
            <span className="visually-hidden">{spoken}</span>
            <span className="cal-block-text" aria-hidden="true">
              <strong>{interval.label ?? kindText}</strong> {fmtTime(interval.start)}–{fmtTime(interval.end)}
            </span>
          </>
        );
        return (
          <li
            key={b.key}
            className={`cal-block cal-block-${interval.kind}${interval.status ? ` cal-status-${interval.status.replace(/_/g, '-')}` : ''}`}
            aria-hidden={interval.kind === 'closed' || undefined}
            style={{ ...place(columns, b.col, b.place.index, b.place.of), top: `calc(var(--cal-slot) * ${b.top})`, height: `calc(var(--cal-slot) * ${b.height})` }}
            data-testid={interval.kind === 'closed' ? 'closed-interval' : 'busy-interval'}
            data-kind={interval.kind}
            data-start={new Date(interval.start).toISOString()}
            data-end={new Date(interval.end).toISOString()}
          >
            {interval.kind === 'closed' ? null : interval.href ? <Link to={interval.href}>{text}</Link> : text}
          </li>
        );
      })}
    </>
  );
});
