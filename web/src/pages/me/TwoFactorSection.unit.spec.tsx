// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProblem } from '../../api/api-problem.js';
import { renderWithApp } from '../../testing/render-with-app.js';
import type { TwoFactorPort } from './me-api.js';
import { TwoFactorSection } from './TwoFactorSection.js';

afterEach(cleanup);

// A hostile QR answer: as an <img> its script never runs nor reaches the page.
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 21 21"><script>window.hacked = true</script><path d="M0 0h7v7H0z"/></svg>';
const CODES = Array.from({ length: 10 }, (_, i) => `code-${i}-abcd`);

function fakePort(overrides: Partial<TwoFactorPort> = {}) {
  const calls: string[] = [];
  const port: TwoFactorPort = {
    beginTwoFactor: async (password) => {
      calls.push(`begin ${password}`);
      return { secret: 'JBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/Reserva:me?secret=JBSWY3DPEHPK3PXP', qrCodeSvg: SVG };
    },
    confirmTwoFactor: async (code) => {
      calls.push(`confirm ${code}`);
      return { recoveryCodes: CODES };
    },
    disableTwoFactor: async (proof) => {
      calls.push(`disable ${JSON.stringify(proof)}`);
      return {};
    },
    ...overrides,
  };
  return { port, calls };
}

const wrongPassword = () =>
  new ApiProblem({ type: 'urn:reserva:problem:invalid-request', title: 'Invalid', status: 422, detail: 'Invalid body field: password.', instance: '/x', errors: [{ field: 'password', message: 'the password is wrong' }] });

describe('two-factor set-up', () => {
  it('goes password → QR code and key → first code → recovery codes, then reloads the profile', async () => {
    const user = userEvent.setup();
    const { port, calls } = fakePort();
    let changed = 0;
    renderWithApp(<TwoFactorSection enabled={false} account="sofia@example.org" port={port} onChanged={() => changed++} />);
    expect(screen.getByText(/Two-factor authentication is off/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Set up two-factor authentication' }));
    await user.type(screen.getByLabelText('Your password'), 'my secret words');
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    const qr = await screen.findByRole('img', { name: 'QR code to add Reserva to your authenticator app' });
    expect(qr.getAttribute('src')).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(SVG)}`);
    expect(document.querySelector('script, svg')).toBeNull();
    expect((window as { hacked?: boolean }).hacked).toBeUndefined();
    expect(screen.getByText('JBSW Y3DP EHPK 3PXP')).toBeTruthy();

    const turnOn = screen.getByRole('button', { name: 'Turn on' }) as HTMLButtonElement;
    await user.type(screen.getByLabelText('Code from the app'), '12345');
    expect(turnOn.disabled).toBe(true);
    await user.type(screen.getByLabelText('Code from the app'), '6');
    await user.click(turnOn);

    const heading = await screen.findByRole('heading', { name: 'Your recovery codes' });
    expect(document.activeElement).toBe(heading);
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(CODES);
    expect(screen.getByRole('button', { name: 'Copy the codes' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download as a text file' })).toBeTruthy();
    expect(screen.getByText('Two-factor authentication is now on.')).toBeTruthy();
    expect(calls).toEqual(['begin my secret words', 'confirm 123456']);
    expect(changed).toBe(1);

    await user.click(screen.getByRole('button', { name: 'I have saved them' }));
    expect(screen.queryByText('code-0-abcd')).toBeNull();
  });

  it('shows a wrong password beside the field and stays on that step', async () => {
    const user = userEvent.setup();
    const { port } = fakePort({ beginTwoFactor: async () => Promise.reject(wrongPassword()) });
    renderWithApp(<TwoFactorSection enabled={false} account="a" port={port} onChanged={() => {}} />);
    await user.click(screen.getByRole('button', { name: 'Set up two-factor authentication' }));
    await user.type(screen.getByLabelText('Your password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByText('the password is wrong');
    expect(screen.getByLabelText('Your password').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('turns off with the password and an app code, or a recovery code instead', async () => {
    const user = userEvent.setup();
    const { port, calls } = fakePort();
    let changed = 0;
    renderWithApp(<TwoFactorSection enabled account="a" port={port} onChanged={() => changed++} />);
    expect(screen.getByText(/Two-factor authentication is on/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Turn off two-factor authentication' }));
    await user.type(screen.getByLabelText('Your password'), 'pw');
    await user.click(screen.getByRole('button', { name: 'Use a recovery code instead' }));
    await user.type(screen.getByLabelText('Recovery code'), ' code-3-abcd ');
    await user.click(screen.getByRole('button', { name: 'Turn off two-factor authentication' }));
    await waitFor(() => expect(calls).toEqual(['disable {"password":"pw","recoveryCode":"code-3-abcd"}']));
    expect(await screen.findByText('Two-factor authentication is now off.')).toBeTruthy();
    expect(changed).toBe(1);

    cleanup();
    calls.length = 0;
    renderWithApp(<TwoFactorSection enabled account="a" port={port} onChanged={() => {}} />);
    await user.click(screen.getByRole('button', { name: 'Turn off two-factor authentication' }));
    await user.type(screen.getByLabelText('Your password'), 'pw');
    await user.type(screen.getByLabelText('Code from the app'), '654321');
    await user.click(screen.getByRole('button', { name: 'Turn off two-factor authentication' }));
    await waitFor(() => expect(calls).toEqual(['disable {"password":"pw","totp":"654321"}']));
  });
});
