// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RouteParams } from '../../app/router.js';
import { aResource, aSite, aSpace } from '../../testing/fixtures.js';
import { renderWithApp, type AppOptions } from '../../testing/render-with-app.js';
import { fakeCatalog } from '../search/fake-catalog.js';
import SitePage from './SitePage.js';
import SpacePage from './SpacePage.js';

afterEach(cleanup);

/** Stands in for the calendar (its own helper's tests cover it): shows what it was given. */
function CalendarProbe({ spaceId, siteTimeZone }: { spaceId: string; siteTimeZone: string }) {
  return <p data-testid="calendar-probe">{`${spaceId} ${siteTimeZone}`}</p>;
}

const space = aSpace({ photoUrls: ['/a.svg', '/b.svg'] });
const site = aSite();

function renderSpace(options: AppOptions = {}) {
  const equipment = async () => ({
    items: [aResource({ name: 'Portable projector' })],
    total: 1,
    limit: 200,
    offset: 0,
  });
  const { catalog } = fakeCatalog({ spaces: [space], sites: [site], equipment });
  return renderWithApp(
    <RouteParams params={{ spaceId: space.id }}>
      <SpacePage catalog={catalog} Calendar={CalendarProbe} />
    </RouteParams>,
    { path: `/spaces/${space.id}`, ...options },
  );
}

describe('space page', () => {
  it('shows the space, its rules, hours in the site’s zone, equipment, location and calendar', async () => {
    renderSpace({ timeZone: 'America/New_York' });
    await screen.findByRole('heading', { level: 1, name: 'Alfama' });
    expect(screen.getAllByRole('img').map((i) => i.getAttribute('alt'))).toEqual(['Alfama, photo 1 of 2', 'Alfama, photo 2 of 2']);
    expect(screen.getByText('A room for small meetings.')).toBeTruthy();
    expect(screen.getByText('You can change or cancel until 1 hour before the start.')).toBeTruthy();
    const hours = screen.getByRole('region', { name: 'Opening hours' });
    expect(within(hours).getByText(/In the site's local time, Lisbon/)).toBeTruthy();
    expect(within(hours).getByRole('row', { name: 'Monday 8:00 AM–8:00 PM' })).toBeTruthy();
    expect(screen.getByText(/^Site time: .* \(Lisbon/)).toBeTruthy();
    expect(screen.getByText('Portable projector (4 in total)')).toBeTruthy();
    expect(screen.getByRole('link', { name: /^Open in maps/ }).getAttribute('href')).toContain('openstreetmap.org/search?query=Avenida');
    expect(screen.getByTestId('calendar-probe').textContent).toBe(`${space.id} Europe/Lisbon`);
    expect(screen.getByRole('link', { name: 'Book this space' }).getAttribute('href')).toBe(`/book?spaceId=${space.id}`);
    expect(screen.queryByRole('link', { name: 'Edit' })).toBeNull();
  });

  it('leaves out the site-time note for a viewer in the site’s zone, and offers Edit to catalog managers', async () => {
    renderSpace({ timeZone: 'Europe/Lisbon', permissions: ['catalog.manage'] });
    await screen.findByRole('heading', { level: 1, name: 'Alfama' });
    expect(screen.queryByText(/^Site time:/)).toBeNull();
    expect(screen.getByRole('link', { name: 'Edit' }).getAttribute('href')).toBe(`/staff/spaces/${space.id}`);
  });

  it('keeps a heading and says what went wrong for an unknown space', async () => {
    const { catalog } = fakeCatalog({ spaces: [] });
    renderWithApp(
      <RouteParams params={{ spaceId: 'missing' }}>
        <SpacePage catalog={catalog} Calendar={CalendarProbe} />
      </RouteParams>,
    );
    await screen.findByRole('alert');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Space');
  });
});

describe('site page', () => {
  it('shows the site, its spaces (without repeating the site on each card) and links to its calendar', async () => {
    const { catalog, calls } = fakeCatalog({ spaces: [space], sites: [site] });
    renderWithApp(
      <RouteParams params={{ siteId: site.id }}>
        <SitePage catalog={catalog} />
      </RouteParams>,
      { timeZone: 'Asia/Tokyo' },
    );
    await screen.findByRole('heading', { level: 1, name: 'Lisbon HQ' });
    await waitFor(() => expect(screen.getByTestId('site-spaces').dataset.ready).toBe('true'));
    expect(calls.listSpaces[0]).toMatchObject({ siteId: site.id, offset: 0 });
    expect(screen.getByRole('link', { name: 'Site calendar' }).getAttribute('href')).toBe(`/calendar/sites/${site.id}`);
    expect(screen.getByText('Office')).toBeTruthy();
    expect(screen.getByText(/^Time zone: Lisbon/)).toBeTruthy();
    const card = screen.getByTestId('space-card');
    expect(within(card).queryByRole('link', { name: /Open in maps/ })).toBeNull();
    expect(screen.getAllByRole('link', { name: /^Open in maps/ })).toHaveLength(1);
  });
});
