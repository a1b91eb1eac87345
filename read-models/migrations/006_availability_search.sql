-- "Free between A and B": with an index on the held ranges alone, the planner fetches what is
-- held anywhere in the window once and anti-joins that small set, instead of probing
-- (target_id, during) once per candidate space.
CREATE INDEX occupancy_during_idx ON occupancy USING gist (during);
-- The space search reads id and name (the order), site, kind, capacity and amenities of every
-- candidate: an index-only scan instead of the wide rows (policy, photos, description).
CREATE INDEX spaces_search_idx ON spaces (name, id) INCLUDE (site_id, kind, capacity, amenities) WHERE NOT retired;
