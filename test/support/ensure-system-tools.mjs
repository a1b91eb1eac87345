// Debian tools that tests use as independent implementations (oathtool checks our TOTP codes,
// kcat reads our Kafka messages) or drive the product with (chromium runs the web client's
// browser tests through playwright-core, never a downloaded browser).
// Under CI they are installed when missing, so a clean machine runs every test; elsewhere the
// tests that need them report themselves skipped with the reason.
import { spawnSync } from 'node:child_process';

const TOOLS = { oathtool: 'oathtool', kcat: 'kcat', chromium: 'chromium' };

const missing = Object.entries(TOOLS).filter(([command]) => spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0);
const canInstall = process.env.CI === 'true' && process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
if (missing.length > 0 && canInstall) {
  const packages = missing.map(([, pkg]) => pkg);
  console.log(`installing ${packages.join(', ')} (apt-get) for the tests that use them`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
}
