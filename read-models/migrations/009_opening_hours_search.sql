-- "Free between A and B" also means open throughout A–B, by the rule the booking command
-- applies (src/booking/domain/opening-hours.ts): each local date's opening windows become
-- instants in the space's zone, and one merged open interval must hold the whole range.
-- While a zone keeps one UTC offset around A–B, local time is the instant plus that offset, so
-- the search compares a stored weekly pattern per row: open_week @> week_window(zone, A, B).
-- Near a change of offset it takes the domain's steps instead: open_intervals.
-- The functions returning TABLE are single SELECTs, so the planner inlines them (a scalar SQL
-- function with a subquery costs about a millisecond a call).

-- Opening hours (policy->'openingHours') as minutes since Monday 00:00 local, merged where
-- they touch: Monday 08:00–20:00 is [480,1200), Tuesday starts at 1440. NULL when there are
-- none (always open); empty when never open.
CREATE FUNCTION weekly_opening(hours jsonb) RETURNS int4multirange
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN jsonb_typeof(hours) = 'object' THEN (
  SELECT coalesce(range_agg(int4range((d.n::int - 1) * 1440 + w.open, (d.n::int - 1) * 1440 + w.close)), '{}')
    FROM unnest(ARRAY['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) WITH ORDINALITY AS d(weekday, n)
   CROSS JOIN LATERAL jsonb_to_recordset(CASE WHEN jsonb_typeof(hours -> d.weekday) = 'array' THEN hours -> d.weekday ELSE '[]' END) AS w(open integer, close integer)
   WHERE w.open < w.close
) END;

ALTER TABLE spaces ADD COLUMN open_week int4multirange GENERATED ALWAYS AS (weekly_opening(policy -> 'openingHours')) STORED;

-- [from_at, to_at) as minutes of the local week in `zone`, to compare with open_week: split at
-- Sunday midnight; a week or more is the whole week. Exact while the zone keeps one UTC offset
-- over the local dates the range touches (then the domain's instants are wall clock minus
-- that offset), so NULL when the offset differs anywhere from 36 hours before to 36 hours
-- after the range. Sampled every 12 hours: like the domain, this assumes no two changes of
-- offset within a day.
CREATE FUNCTION week_window(zone text, from_at timestamptz, to_at timestamptz) RETURNS TABLE (week_window int4multirange)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE
           WHEN (SELECT min(o.utc_offset) <> max(o.utc_offset)
                   FROM generate_series(from_at - interval '36 hours', to_at + interval '48 hours', interval '12 hours') AS t(at),
                        LATERAL (SELECT (t.at AT TIME ZONE zone) - (t.at AT TIME ZONE 'UTC') AS utc_offset) o) THEN NULL
           WHEN w.finish - w.start >= 10080 THEN int4multirange(int4range(0, 10080))
           WHEN w.finish <= 10080 THEN int4multirange(int4range(w.start, w.finish))
           ELSE int4multirange(int4range(w.start, 10080), int4range(0, w.finish - 10080))
         END
    FROM (SELECT floor(l.minute)::int AS start, ceil(l.minute + extract(epoch FROM to_at - from_at) / 60)::int AS finish
            FROM (SELECT extract(epoch FROM (from_at AT TIME ZONE zone) - date_trunc('week', from_at AT TIME ZONE zone)) / 60 AS minute) l) w;
END;

-- The instant at which the wall clock in `zone` reads `local`, as zonedToInstant
-- (src/shared/domain/time-zone.ts) chooses it: of the candidates with the offset of a day
-- before and of a day after, the earliest that really reads `local` (the first pass through a
-- fall-back hour), else the one with the offset of the day before (in a spring-forward gap:
-- shifted forward by the gap). PostgreSQL's own `local AT TIME ZONE zone` takes the second
-- pass through a fall-back hour, hence this. PL/pgSQL, so it is not inlined: the search plans
-- it on every query but runs it only near a change of offset.
CREATE FUNCTION zoned_instant(local timestamp, zone text) RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  day_before timestamptz := (local - ((local - interval '1 day') AT TIME ZONE 'UTC' AT TIME ZONE zone - (local - interval '1 day'))) AT TIME ZONE 'UTC';
  day_after timestamptz := (local - ((local + interval '1 day') AT TIME ZONE 'UTC' AT TIME ZONE zone - (local + interval '1 day'))) AT TIME ZONE 'UTC';
BEGIN
  IF day_after AT TIME ZONE zone = local AND (day_after < day_before OR day_before AT TIME ZONE zone <> local) THEN
    RETURN day_after;
  END IF;
  RETURN day_before;
END
$$;

-- The open intervals within [from_at, to_at) of a weekly pattern (an open_week; NULL = always
-- open) in `zone`, as openIntervals computes them but not yet merged (range_agg merges): for
-- every local date the range touches, each of that weekday's windows turned into instants by
-- zoned_instant and clipped to the range. The windows are open_week's, cut at midnight; the
-- policy's own windows give the same instants unless two of them touch inside a
-- spring-forward gap, where the domain's answer depends on the minute they touch at.
CREATE FUNCTION open_intervals(week int4multirange, zone text, from_at timestamptz, to_at timestamptz) RETURNS TABLE (open_at timestamptz, close_at timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT greatest(i.open_at, from_at), least(i.close_at, to_at)
    FROM generate_series(date_trunc('day', from_at AT TIME ZONE zone), date_trunc('day', (to_at - interval '1 microsecond') AT TIME ZONE zone), interval '1 day') AS d(day)
   CROSS JOIN LATERAL (SELECT (extract(isodow FROM d.day)::int - 1) * 1440 AS monday) m
   CROSS JOIN LATERAL unnest(coalesce(week, '{[0,10080)}') * int4multirange(int4range(m.monday, m.monday + 1440))) AS w(r)
   CROSS JOIN LATERAL (SELECT zoned_instant(d.day + (lower(w.r) - m.monday) * interval '1 minute', zone) AS open_at,
                              zoned_instant(d.day + (upper(w.r) - m.monday) * interval '1 minute', zone) AS close_at) i
   WHERE greatest(i.open_at, from_at) < least(i.close_at, to_at);
END;

-- The search reads the zone and the weekly pattern of every candidate too: the covering index keeps them.
DROP INDEX spaces_search_idx;
CREATE INDEX spaces_search_idx ON spaces (name, id) INCLUDE (site_id, kind, capacity, amenities, time_zone, open_week) WHERE NOT retired;
-- Near a change of offset: the distinct weekly patterns of one zone, without reading its rows.
CREATE INDEX spaces_opening_idx ON spaces (time_zone, open_week) WHERE NOT retired;
