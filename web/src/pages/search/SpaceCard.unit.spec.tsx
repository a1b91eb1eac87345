// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { aSite, aSpace } from '../../testing/fixtures.js';
import { renderWithApp } from '../../testing/render-with-app.js';
import { mapsUrl } from './LocationSummary.js';
import { SpaceCard } from './SpaceCard.js';

afterEach(cleanup);

describe('space card', () => {
  it('links the location to OpenStreetMap in a new tab, without handing it this page', () => {
    renderWithApp(<SpaceCard space={aSpace()} site={aSite()} />);
    const maps = screen.getByRole('link', { name: /^Open in maps/ });
    expect(maps.getAttribute('href')).toBe('https://www.openstreetmap.org/search?query=Avenida%20da%20Liberdade%20110%2C%201269-046%20Lisbon');
    expect(maps.getAttribute('target')).toBe('_blank');
    expect(maps.getAttribute('rel')).toBe('noopener');
    expect(maps.textContent).toContain('(opens in a new tab)');
    expect(screen.getByText('Lisbon')).toBeTruthy();
  });

  it('adds the city to an address that leaves it out', () => {
    expect(mapsUrl({ address: '1 Quay St', city: 'Hamburg' })).toBe('https://www.openstreetmap.org/search?query=1%20Quay%20St%2C%20Hamburg');
  });

  it('shows a lazily loaded photo of known size with alt text, the facts, and links to the space and its booking', () => {
    const space = aSpace({ amenities: ['projector', 'whiteboard', 'display', 'stage', 'microphones', 'pa_system', 'custom_thing'] });
    renderWithApp(<SpaceCard space={space} site={aSite()} range={{ start: '2030-07-01T09:00:00.000Z', end: '2030-07-01T10:00:00.000Z' }} />);
    const img = screen.getByRole('img', { name: 'Photo of Alfama' });
    expect([img.getAttribute('loading'), img.getAttribute('width'), img.getAttribute('height'), img.getAttribute('src')]).toEqual(['lazy', '320', '200', '/media/spaces/alfama.svg']);
    expect(screen.getByText('Meeting room · Up to 6 people')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Amenities' }).textContent).toBe('ProjectorWhiteboardDisplayStageMicrophones+2 more');
    expect(screen.getByRole('link', { name: 'Alfama' }).getAttribute('href')).toBe(`/spaces/${space.id}`);
    expect(screen.getByRole('link', { name: 'Lisbon HQ' }).getAttribute('href')).toBe(`/sites/${aSite().id}`);
    expect(screen.getByRole('link', { name: 'Book Alfama' }).getAttribute('href')).toBe(`/book?spaceId=${space.id}&start=2030-07-01T09%3A00%3A00.000Z&end=2030-07-01T10%3A00%3A00.000Z`);
  });

  it('books without a time when none was searched, and shows no broken image without a photo', () => {
    const space = aSpace({ photoUrls: [] });
    renderWithApp(<SpaceCard space={space} site={undefined} />);
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.getByRole('link', { name: 'Book Alfama' }).getAttribute('href')).toBe(`/book?spaceId=${space.id}`);
    expect(screen.queryByRole('link', { name: /Open in maps/ })).toBeNull();
  });
});
