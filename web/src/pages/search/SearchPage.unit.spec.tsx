// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { aSite, aSpace } from '../../testing/fixtures.js';
import { renderWithApp, type AppOptions } from '../../testing/render-with-app.js';
import type { CatalogPort } from './catalog-port.js';
import { fakeCatalog } from './fake-catalog.js';
import SearchPage from './SearchPage.js';

afterEach(cleanup);

/** The page at `path` with the router's location shown: the filters live in the URL. */
const renderSearch = (catalog: CatalogPort, options: AppOptions = {}) => renderWithApp(<SearchPage catalog={catalog} />, { ...options, showLocation: true });
const location = () => screen.getByTestId('location').textContent!;
const results = () => screen.getByTestId('search-results');
const manySpaces = (n: number) =>
  Array.from({ length: n }, (_, i) => aSpace({ id: `30000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `Room ${String(i).padStart(2, '0')}` }));

describe('search page: filters ↔ URL ↔ API query', () => {
  it('runs the search the URL describes and shows it in the form', async () => {
    const { catalog, calls } = fakeCatalog();
    renderSearch(catalog, { path: '/?minCapacity=6&amenities=projector&kind=meeting_room', timeZone: 'America/New_York' });
    await waitFor(() => expect(results().dataset.ready).toBe('true'));
    expect(calls.listSpaces).toEqual([{ siteId: null, city: null, kind: 'meeting_room', minCapacity: '6', amenities: 'projector', freeFrom: null, freeTo: null, limit: 24, offset: 0 }]);
    expect(screen.getByLabelText<HTMLInputElement>('People (at least)').value).toBe('6');
    expect(screen.getByLabelText<HTMLInputElement>('Projector').checked).toBe(true);
    expect(screen.getByLabelText<HTMLSelectElement>('Kind of space').value).toBe('meeting_room');
  });

  it('writes typed filters to the URL on Search, and a checkbox at once', async () => {
    const { catalog, calls } = fakeCatalog();
    renderSearch(catalog);
    await waitFor(() => expect(results().dataset.ready).toBe('true'));
    fireEvent.change(screen.getByLabelText('People (at least)'), { target: { value: '6' } });
    expect(location()).toBe('/');
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(location()).toBe('/?minCapacity=6');
    fireEvent.click(screen.getByLabelText('Projector'));
    fireEvent.click(screen.getByLabelText('Whiteboard'));
    expect(location()).toBe('/?minCapacity=6&amenities=projector%2Cwhiteboard');
    await waitFor(() => expect(calls.listSpaces.at(-1)).toMatchObject({ minCapacity: '6', amenities: 'projector,whiteboard', offset: 0 }));
    fireEvent.click(screen.getByLabelText('Projector'));
    expect(location()).toBe('/?minCapacity=6&amenities=whiteboard');
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(location()).toBe('/');
  });

  it('turns "free between" on the viewer’s wall clock into instants in the URL, and refuses half a range', async () => {
    const { catalog, calls } = fakeCatalog();
    renderSearch(catalog, { timeZone: 'America/New_York' });
    await waitFor(() => expect(results().dataset.ready).toBe('true'));
    fireEvent.change(screen.getByLabelText('Date'), { target: { value: '2030-07-01' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '09:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Choose a date, a start and an end time/);
    expect(location()).toBe('/');
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '11:30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(location()).toBe('/?freeFrom=2030-07-01T13%3A00%3A00.000Z&freeTo=2030-07-01T15%3A30%3A00.000Z');
    await waitFor(() => expect(calls.listSpaces.at(-1)).toMatchObject({ freeFrom: '2030-07-01T13:00:00.000Z', freeTo: '2030-07-01T15:30:00.000Z' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('reads a shared range on this viewer’s clock', async () => {
    const { catalog } = fakeCatalog();
    renderSearch(catalog, { path: '/?freeFrom=2030-07-01T13:00:00.000Z&freeTo=2030-07-01T15:30:00.000Z', timeZone: 'Europe/Lisbon' });
    await waitFor(() => expect(results().dataset.ready).toBe('true'));
    expect(screen.getByLabelText<HTMLInputElement>('Date').value).toBe('2030-07-01');
    expect(screen.getByLabelText<HTMLInputElement>('From').value).toBe('14:00');
    expect(screen.getByLabelText<HTMLInputElement>('To').value).toBe('16:30');
  });
});

describe('search page: results', () => {
  it('shows cards with their site, a live count, and marks itself ready; sites load once', async () => {
    const { catalog, calls } = fakeCatalog({ spaces: manySpaces(30) });
    renderSearch(catalog);
    await waitFor(() => expect(results().dataset.ready).toBe('true'));
    expect(screen.getByText('30 spaces found').getAttribute('aria-live')).toBe('polite');
    expect(within(results()).getAllByTestId('space-card')).toHaveLength(24);
    expect(within(results()).getAllByText('Lisbon HQ').map((a) => a.getAttribute('href'))).toEqual(Array(24).fill(`/sites/${aSite().id}`));
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(results()).getAllByTestId('space-card')).toHaveLength(30));
    expect(calls.listSpaces.map((q) => q.offset)).toEqual([0, 24]);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(calls.listSites).toBe(1);
  });

  it('asks the API for spaces free (and open) in the free-between range, and books that range', async () => {
    const hotelRoom = aSpace({ id: '30000000-0000-4000-8000-000000000002', name: 'Hotel room', policy: { ...aSpace().policy, openingHours: null } });
    const { catalog, calls } = fakeCatalog({ spaces: [hotelRoom] });
    renderSearch(catalog, { path: '/?freeFrom=2030-07-06T09:00:00.000Z&freeTo=2030-07-06T10:00:00.000Z' });
    await waitFor(() => expect(results().dataset.ready).toBe('true'));
    expect(calls.listSpaces[0]).toMatchObject({ freeFrom: '2030-07-06T09:00:00.000Z', freeTo: '2030-07-06T10:00:00.000Z' });
    expect(screen.getByText('1 space free at that time')).toBeTruthy();
    const book = within(results()).getByRole('link', { name: /^Book/ });
    expect(book.getAttribute('href')).toBe(`/book?spaceId=${hotelRoom.id}&start=2030-07-06T09%3A00%3A00.000Z&end=2030-07-06T10%3A00%3A00.000Z`);
  });

  it('says so when nothing matches, and is ready then too', async () => {
    const { catalog } = fakeCatalog({ spaces: [] });
    renderSearch(catalog, { path: '/?minCapacity=500' });
    await waitFor(() => expect(results().dataset.ready).toBe('true'));
    expect(screen.getByText('0 spaces found')).toBeTruthy();
    expect(screen.getByText('No space matches. Try fewer filters.')).toBeTruthy();
  });

  it('offers the cities and the sites of the chosen city', async () => {
    const porto = aSite({ id: '20000000-0000-4000-8000-000000000002', name: 'Porto Office', city: 'Porto' });
    const { catalog } = fakeCatalog({ sites: [aSite(), porto] });
    renderSearch(catalog);
    await waitFor(() => expect(results().dataset.ready).toBe('true'));
    fireEvent.change(screen.getByLabelText('City'), { target: { value: 'Porto' } });
    expect(location()).toBe('/?city=Porto');
    const siteOptions = within(screen.getByLabelText('Site')).getAllByRole('option').map((o) => o.textContent);
    expect(siteOptions).toEqual(['Any site', 'Porto Office']);
  });

  it('shows a city from a link spelt in another case as the known city', async () => {
    const { catalog } = fakeCatalog();
    renderSearch(catalog, { path: '/?city=lisbon' });
    await waitFor(() => expect(results().dataset.ready).toBe('true'));
    expect(screen.getByLabelText<HTMLSelectElement>('City').value).toBe('Lisbon');
  });
});
