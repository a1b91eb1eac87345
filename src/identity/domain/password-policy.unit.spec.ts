import { describe, expect, it } from 'vitest';
import { passwordPolicyIssues, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy.js';

const ana = { username: 'ana.lima', email: 'ana.lima@example.com' };
const messagesFor = (password: string, person = ana) => passwordPolicyIssues(password, person).map((i) => i.message);
const COMMON = 'this password is one of the most common passwords; choose a less guessable one';

describe('password policy', () => {
  it('accepts a long passphrase', () => {
    expect(passwordPolicyIssues('correct horse battery staple', ana)).toEqual([]);
    expect(passwordPolicyIssues('Tr0mbone-Lighthouse', ana)).toEqual([]);
  });

  it(`refuses fewer than ${PASSWORD_MIN_LENGTH} characters, saying how many it has`, () => {
    expect(passwordPolicyIssues('tr0mb0ne!', ana)).toEqual([{ field: 'password', message: 'the password must be at least 10 characters long (it has 9)' }]);
  });

  it('counts characters, not UTF-16 units', () => {
    // Nine emoji are 18 UTF-16 units but nine characters.
    expect(messagesFor('🐙🦑🦀🐠🐡🦈🐬🐳🐋')).toEqual(['the password must be at least 10 characters long (it has 9)']);
    expect(messagesFor('пароль-для-почты')).toEqual([]);
  });

  it(`refuses more than ${PASSWORD_MAX_LENGTH} characters`, () => {
    expect(messagesFor('horse '.repeat(22))).toEqual([`the password must be at most ${PASSWORD_MAX_LENGTH} characters long`]);
    expect(messagesFor('x'.repeat(PASSWORD_MAX_LENGTH - 1) + 'y')).toEqual([]);
  });

  it('refuses a password containing the username, whatever the case', () => {
    expect(messagesFor('my-ANA.LIMA-secret')).toEqual(['the password must not contain the username']);
  });

  it('refuses a password containing the mailbox of the email address', () => {
    expect(messagesFor('x-analima-is-me', { username: 'ana', email: 'analima@example.com' })).toEqual(['the password must not contain the username']);
    expect(messagesFor('x-analima-is-me', { username: 'al', email: 'Analima@example.com' })).toEqual(['the password must not contain the email address']);
  });

  it('ignores usernames and mailboxes too short to matter', () => {
    expect(messagesFor('a lighthouse keeper', { username: 'al', email: 'a@example.com' })).toEqual([]);
  });

  it.each(['password123', 'qwertyuiop', 'iloveyou12', '1234567890', 'Administrator', 'P@ssw0rd2024'])('refuses the common password %s', (password) => {
    expect(messagesFor(password)).toEqual([COMMON]);
  });

  it('sees through capitals and trailing digits or punctuation', () => {
    expect(messagesFor('Password123!')).toEqual([COMMON]);
    expect(messagesFor('Sunshine2024!!')).toEqual([COMMON]);
    expect(messagesFor('FOOTBALL_99')).toEqual([COMMON]);
  });

  it('refuses one character repeated', () => {
    expect(messagesFor('zzzzzzzzzzzz')).toEqual(['the password must not repeat one character']);
    expect(messagesFor('            ')).toEqual(['the password must not repeat one character']);
  });

  it('reports every problem, each on the given field', () => {
    expect(passwordPolicyIssues('ana.lima1', ana, 'newPassword')).toEqual([
      { field: 'newPassword', message: 'the password must be at least 10 characters long (it has 9)' },
      { field: 'newPassword', message: 'the password must not contain the username' },
    ]);
  });
});
