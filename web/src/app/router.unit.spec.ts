import { describe, expect, it } from 'vitest';
import { matchPath } from './router.js';
import { resolveRoute } from './App.js';
import type { AppRoute } from './app-route.js';

const page = () => null;

describe('routing', () => {
  it('matches patterns and decodes params', () => {
    expect(matchPath('/spaces/:spaceId', '/spaces/a%20b')).toEqual({ spaceId: 'a b' });
    expect(matchPath('/spaces/:spaceId', '/spaces')).toBeNull();
    expect(matchPath('/', '/')).toEqual({});
  });

  it('prefers a literal segment over a parameter', () => {
    const routes: AppRoute[] = [{ path: '/bookings/:bookingId', page }, { path: '/bookings/new', page }];
    expect(resolveRoute(routes, '/bookings/new')?.route.path).toBe('/bookings/new');
    expect(resolveRoute(routes, '/bookings/42')?.params).toEqual({ bookingId: '42' });
    expect(resolveRoute(routes, '/nowhere')).toBeUndefined();
  });
});
