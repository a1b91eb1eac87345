import type { FieldIssue } from '../../shared/domain/errors.js';
import { COMMON_PASSWORDS, commonPasswordStem } from './common-passwords.js';

export const PASSWORD_MIN_LENGTH = 10;
/** Hashing cost grows with length; a cap keeps login from being a denial-of-service lever. */
export const PASSWORD_MAX_LENGTH = 128;

/**
 * What is wrong with a new password, each reason in words a person can act on; empty when it
 * is acceptable (NIST SP 800-63B: length and a block list, no composition rules).
 */
export function passwordPolicyIssues(password: string, person: { username: string; email: string }, field = 'password'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) issues.push({ field, message: `the password must be at least ${PASSWORD_MIN_LENGTH} characters long (it has ${length})` });
  if (length > PASSWORD_MAX_LENGTH) issues.push({ field, message: `the password must be at most ${PASSWORD_MAX_LENGTH} characters long` });
  const lower = password.toLowerCase();
  const username = person.username.toLowerCase();
  const mailbox = person.email.toLowerCase().split('@')[0] ?? '';
  if (username.length >= 3 && lower.includes(username)) issues.push({ field, message: 'the password must not contain the username' });
  else if (mailbox.length >= 3 && lower.includes(mailbox)) issues.push({ field, message: 'the password must not contain the email address' });
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(commonPasswordStem(password))) {
    issues.push({ field, message: 'this password is one of the most common passwords; choose a less guessable one' });
  } else if (/^(.)\1*$/u.test(password)) issues.push({ field, message: 'the password must not repeat one character' });
  return issues;
}
