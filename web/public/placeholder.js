// The placeholder page until the React client lands: the public site list, and the two pages
// emailed links open (email verification, password reset), so those links work today.
const problemText = (body, status) => body?.errors?.map((e) => e.message).join('; ') || body?.detail || body?.title || `HTTP ${status}`;

async function post(path, body) {
  const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json().catch(() => null);
  if (!response.ok) throw new Error(problemText(answer, response.status));
  return answer;
}

function accountPage(title) {
  document.getElementById('account').hidden = false;
  document.getElementById('account-heading').textContent = title;
  return document.getElementById('account-status');
}

async function verifyEmail(token) {
  const status = accountPage('Email verification');
  status.textContent = 'Verifying…';
  try {
    await post('/api/v1/auth/verify-email', { token });
    status.textContent = 'Your email address is verified. You can sign in now.';
  } catch (error) {
    status.textContent = `Could not verify: ${error.message}`;
  }
}

function resetPassword(token) {
  const status = accountPage('Choose a new password');
  const form = document.getElementById('reset-form');
  form.hidden = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = 'Saving…';
    try {
      await post('/api/v1/auth/password-reset/complete', { token, newPassword: document.getElementById('new-password').value });
      form.hidden = true;
      status.textContent = 'Your password is changed, and every earlier session is signed out. You can sign in now.';
    } catch (error) {
      status.textContent = error.message;
    }
  });
}

function siteCard(site) {
  const li = document.createElement('li');
  const h3 = document.createElement('h3');
  h3.textContent = site.name;
  const where = document.createElement('p');
  where.textContent = [site.city, site.timeZone].filter(Boolean).join(' · ');
  const kind = document.createElement('span');
  kind.className = 'tag';
  kind.textContent = site.kind ?? '';
  li.append(h3, where, kind);
  return li;
}

async function listSites() {
  const status = document.getElementById('status');
  try {
    const response = await fetch('/api/v1/sites', { headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error(problemText(body, response.status));
    const sites = body?.items ?? [];
    document.getElementById('sites').replaceChildren(...sites.map(siteCard));
    status.textContent = sites.length === 0 ? 'No sites yet.' : `${sites.length} site${sites.length === 1 ? '' : 's'}.`;
  } catch (error) {
    status.textContent = `Could not load sites: ${error.message}`;
  }
}

const token = new URLSearchParams(location.search).get('token');
if (location.pathname === '/verify-email' && token) void verifyEmail(token);
else if (location.pathname === '/reset-password' && token) resetPassword(token);
void listSites();
