import { describe, expect, it } from 'vitest';
import { withQuery } from '../../api/client.js';
import { activeFilterCount, filtersFromQuery, filtersToQuery, spacesQuery } from './search-filters.js';

const SITE = '20000000-0000-4000-8000-000000000001';

describe('search filters ↔ URL query', () => {
  it('reads every filter the API knows from the URL, under the API’s own names', () => {
    const query = new URLSearchParams({
      siteId: SITE,
      city: 'Lisbon',
      kind: 'meeting_room',
      minCapacity: '6',
      amenities: 'projector, whiteboard',
      freeFrom: '2030-01-07T09:00:00.000Z',
      freeTo: '2030-01-07T11:00:00.000Z',
    });
    expect(filtersFromQuery(query)).toEqual({
      siteId: SITE,
      city: 'Lisbon',
      kind: 'meeting_room',
      minCapacity: 6,
      amenities: ['projector', 'whiteboard'],
      freeFrom: '2030-01-07T09:00:00.000Z',
      freeTo: '2030-01-07T11:00:00.000Z',
    });
  });

  it('drops what the API would refuse (a hand-edited link) and keeps the rest', () => {
    const query = new URLSearchParams({ siteId: 'nope', kind: 'castle', minCapacity: '2.5', city: '  ', amenities: ',,a,a,', freeFrom: '2030-01-07T09:00:00Z', freeTo: 'soon' });
    expect(filtersFromQuery(query)).toEqual({ amenities: ['a'] });
    expect(filtersFromQuery(new URLSearchParams('freeFrom=2030-01-07T11:00:00Z&freeTo=2030-01-07T09:00:00Z'))).toEqual({ amenities: [] });
    expect(filtersFromQuery(new URLSearchParams('minCapacity=0'))).toEqual({ amenities: [] });
  });

  it('writes back what it read, and removes the filters that are not set', () => {
    const url = 'siteId=' + SITE + '&kind=hall&minCapacity=20&amenities=stage%2Cpa_system&freeFrom=2030-01-07T09%3A00%3A00.000Z&freeTo=2030-01-07T11%3A00%3A00.000Z';
    const filters = filtersFromQuery(new URLSearchParams(url));
    expect(filtersFromQuery(new URLSearchParams(withQuery('', filtersToQuery(filters)).slice(1)))).toEqual(filters);
    expect(filtersToQuery({ amenities: [] })).toEqual({ siteId: null, city: null, kind: null, minCapacity: null, amenities: null, freeFrom: null, freeTo: null });
  });

  it('builds the GET /spaces query: amenities as one comma list, the page as limit and offset', () => {
    const filters = filtersFromQuery(new URLSearchParams('minCapacity=6&amenities=projector,whiteboard'));
    expect(withQuery('/spaces', spacesQuery(filters, { limit: 24, offset: 48 }))).toBe('/spaces?minCapacity=6&amenities=projector%2Cwhiteboard&limit=24&offset=48');
  });

  it('counts the filters set, each amenity on its own', () => {
    expect(activeFilterCount({ amenities: [] })).toBe(0);
    expect(activeFilterCount(filtersFromQuery(new URLSearchParams('city=Lisbon&amenities=a,b&freeFrom=2030-01-07T09:00:00Z&freeTo=2030-01-07T10:00:00Z')))).toBe(4);
  });
});
