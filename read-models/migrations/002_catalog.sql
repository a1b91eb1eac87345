-- Catalog views: what can be booked. Every timestamp comes from event metadata, so a
-- rebuild from position zero reproduces these rows exactly.

CREATE TABLE sites (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  address    text NOT NULL,
  city       text NOT NULL,
  latitude   double precision NOT NULL,
  longitude  double precision NOT NULL,
  time_zone  text NOT NULL,
  kind       text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  revision   integer NOT NULL
);
CREATE INDEX sites_city_idx ON sites (lower(city));

CREATE TABLE spaces (
  id          text PRIMARY KEY,
  site_id     text NOT NULL,
  name        text NOT NULL,
  kind        text NOT NULL,
  capacity    integer NOT NULL,
  amenities   text[] NOT NULL,
  photo_urls  text[] NOT NULL,
  description text NOT NULL,
  policy      jsonb NOT NULL,
  time_zone   text NOT NULL,
  retired     boolean NOT NULL,
  retired_at  timestamptz,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  revision    integer NOT NULL
);
CREATE INDEX spaces_site_idx ON spaces (site_id);
CREATE INDEX spaces_kind_capacity_idx ON spaces (kind, capacity);
CREATE INDEX spaces_amenities_idx ON spaces USING gin (amenities);

CREATE TABLE resources (
  id          text PRIMARY KEY,
  site_id     text NOT NULL,
  name        text NOT NULL,
  category    text NOT NULL,
  quantity    integer NOT NULL,
  description text NOT NULL,
  time_zone   text NOT NULL,
  retired     boolean NOT NULL,
  retired_at  timestamptz,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  revision    integer NOT NULL
);
CREATE INDEX resources_site_idx ON resources (site_id);

CREATE TABLE blackouts (
  id           text PRIMARY KEY,
  site_id      text NOT NULL,
  time_zone    text NOT NULL,
  target_kind  text NOT NULL,           -- space | resource
  target_id    text NOT NULL,           -- the space id or the resource id
  quantity     integer,                 -- units of the resource withheld; NULL for a space
  start_at     timestamptz NOT NULL,
  end_at       timestamptz NOT NULL,
  reason       text NOT NULL,
  placement    integer NOT NULL,
  status       text NOT NULL,           -- requested | declared | refused | lifted
  conflicts    jsonb,                   -- why it was refused: [{start, end, holderId}]
  lift_reason  text,
  requested_by text NOT NULL,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  revision     integer NOT NULL
);
CREATE INDEX blackouts_target_idx ON blackouts (target_id, start_at);
CREATE INDEX blackouts_site_idx ON blackouts (site_id, start_at);
