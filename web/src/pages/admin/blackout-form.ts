import type { DeclareBlackoutRequest } from '../../api/types.js';
import { instantFromDateAndTime } from '../../time/datetime-local.js';
import { checked, requiredText, wholeNumber, type Checked, type FormErrors } from './form-errors.js';

/** The longest blackout one declaration may cover (MAX_BLACKOUT_DAYS of the API). */
export const MAX_BLACKOUT_DAYS = 366;

export interface BlackoutValues {
  targetKind: 'space' | 'resource';
  spaceId: string;
  resourceId: string;
  /** How many of the resource are out of service. */
  quantity: string;
  /** Wall clock in the site's zone. */
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  reason: string;
}

export function blackoutValues(today: string): BlackoutValues {
  return { targetKind: 'space', spaceId: '', resourceId: '', quantity: '1', startDate: today, startTime: '00:00', endDate: today, endTime: '23:59', reason: '' };
}

/** The form → POST /blackouts. Times are read in the site's zone; `stock` bounds the quantity of a resource. */
export function declareBlackoutBody(values: BlackoutValues, siteZone: string, stock?: number): Checked<DeclareBlackoutRequest> {
  const errors: FormErrors = {};
  let target: DeclareBlackoutRequest['target'];
  if (values.targetKind === 'space') {
    if (!values.spaceId) errors.spaceId = { key: 'admin.error.choose' };
    target = { kind: 'space', spaceId: values.spaceId };
  } else {
    if (!values.resourceId) errors.resourceId = { key: 'admin.error.choose' };
    const quantity = wholeNumber(values.quantity, 1, stock ?? 1_000_000);
    if (typeof quantity !== 'number') errors.quantity = quantity;
    target = { kind: 'resource', resourceId: values.resourceId, quantity: typeof quantity === 'number' ? quantity : 0 };
  }
  const start = instantFromDateAndTime(values.startDate, values.startTime, siteZone);
  const end = instantFromDateAndTime(values.endDate, values.endTime, siteZone);
  if (!start) errors.start = { key: 'admin.error.required' };
  if (!end) errors.end = { key: 'admin.error.required' };
  if (start && end) {
    const span = Date.parse(end) - Date.parse(start);
    if (span <= 0) errors.end = { key: 'admin.blackout.error.endBeforeStart' };
    else if (span > MAX_BLACKOUT_DAYS * 86_400_000) errors.end = { key: 'admin.blackout.error.tooLong', vars: { days: MAX_BLACKOUT_DAYS } };
  }
  const reason = requiredText(errors, 'reason', values.reason, 500);
  return checked({ target, start: start ?? '', end: end ?? '', reason }, errors);
}
