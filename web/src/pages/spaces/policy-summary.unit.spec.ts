import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n/i18n.js';
import { aSpace } from '../../testing/fixtures.js';
import { openingHoursRows, policySentences } from './policy-summary.js';

const en = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('en', key, vars);
const ru = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('ru', key, vars);

describe('booking policy in words', () => {
  it('says every rule of the policy', () => {
    expect(policySentences(aSpace().policy, en, 'en')).toEqual([
      'Bookings are confirmed at once.',
      'A booking lasts from 30 minutes to 4 hours.',
      'Start and end times go in steps of 15 minutes.',
      'You can book up to 90 days ahead.',
      'You can change or cancel until 1 hour before the start.',
      '10 minutes is kept free after each booking.',
    ]);
    const strict = { ...aSpace().policy, approvalRequired: true, minDurationMinutes: 60, maxDurationMinutes: 60, changeDeadlineMinutes: 0, bufferMinutes: 0 };
    expect(policySentences(strict, en, 'en')).toEqual([
      'Requests are confirmed by staff; until then they are pending.',
      'A booking lasts 1 hour.',
      'Start and end times go in steps of 15 minutes.',
      'You can book up to 90 days ahead.',
      'You can change or cancel until the booking starts.',
    ]);
  });

  it('lists opening hours Monday first, closed days and all-day windows named', () => {
    const hours = { mon: [{ open: 480, close: 1200 }], tue: [{ open: 840, close: 1080 }, { open: 480, close: 720 }], sat: [{ open: 0, close: 1440 }] };
    expect(openingHoursRows(hours, en, 'en')).toEqual([
      { day: 'Monday', hours: '8:00 AM–8:00 PM' },
      { day: 'Tuesday', hours: '8:00 AM–12:00 PM, 2:00 PM–6:00 PM' },
      { day: 'Wednesday', hours: 'Closed' },
      { day: 'Thursday', hours: 'Closed' },
      { day: 'Friday', hours: 'Closed' },
      { day: 'Saturday', hours: 'All day' },
      { day: 'Sunday', hours: 'Closed' },
    ]);
    expect(openingHoursRows(hours, ru, 'ru')![0]).toEqual({ day: 'Понедельник', hours: '08:00–20:00' });
    expect(openingHoursRows(null, en, 'en')).toBeNull();
  });
});
