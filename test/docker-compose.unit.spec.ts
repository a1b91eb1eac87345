import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The production topology is never started on these machines, so it is checked statically:
 * it parses, our services run entry points that exist, everything has a health check, and no
 * secret is written into the file.
 */
const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: { test?: string[] | string };
  depends_on?: Record<string, { condition?: string }> | string[];
}

const composeText = read('docker-compose.yml');
// `<<` merge keys (YAML anchors shared by our services) are part of the compose format.
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service> };
const services = Object.entries(compose.services);
const ours = services.filter(([, s]) => s.build !== undefined);

function environmentOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((e) => [e.split('=')[0]!, e.split('=').slice(1).join('=')]));
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v ?? '')]));
}

function entryPointOf(command: string[] | string | undefined): string | undefined {
  const words = Array.isArray(command) ? command : (command ?? '').split(/\s+/);
  return words.find((w) => /\.(ts|js|mjs)$/.test(w));
}

const isInterpolation = (value: string) => /^\$\{[A-Z0-9_]+(:?[?-][^}]*)?\}$/.test(value);

describe('docker-compose.yml', () => {
  it('describes the production topology', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'audit-consumer', 'calendar-sync', 'eventstoredb', 'kafka', 'notifications', 'postgres', 'process-manager', 'projector', 'relay']);
    expect(compose.services.eventstoredb!.image).toMatch(/^eventstore\/eventstore:/);
    expect(compose.services.kafka!.image).toMatch(/^apache\/kafka:/);
    expect(environmentOf(compose.services.kafka!).KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(compose.services.postgres!.image).toMatch(/^postgres:/);
  });

  it('runs each of our services from an entry point that exists in the repository', () => {
    expect(ours.map(([name]) => name).sort()).toEqual(['api', 'audit-consumer', 'calendar-sync', 'notifications', 'process-manager', 'projector', 'relay']);
    for (const [name, service] of ours) {
      const entry = entryPointOf(service.command);
      expect(entry, `${name} names an entry point`).toBeDefined();
      expect(existsSync(path.join(root, entry!)), `${name}: ${entry} exists`).toBe(true);
      expect(service.command, name).toEqual(['node', '--import', 'tsx', entry]);
    }
    expect(entryPointOf(compose.services.api!.command)).toBe('src/main/api.ts');
    expect(entryPointOf(compose.services.projector!.command)).toBe('src/main/projector.ts');
    expect(entryPointOf(compose.services['process-manager']!.command)).toBe('src/main/process-manager.ts');
    expect(entryPointOf(compose.services.relay!.command)).toBe('src/main/relay.ts');
    expect(entryPointOf(compose.services['audit-consumer']!.command)).toBe('src/main/audit-consumer.ts');
    expect(entryPointOf(compose.services['calendar-sync']!.command)).toBe('src/main/calendar-sync.ts');
    expect(entryPointOf(compose.services.notifications!.command)).toBe('src/main/notifications.ts');
  });

  it('wires our services to EventStoreDB, PostgreSQL and Kafka, started only once those are healthy', () => {
    for (const [name, service] of ours) {
      const env = environmentOf(service);
      expect(env.DATABASE_URL, name).toMatch(/^postgres(ql)?:\/\/[^@]+@postgres:5432\//);
      expect(env.EVENTSTOREDB_CONNECTION_STRING, name).toMatch(/^esdb:\/\/eventstoredb:2113/);
      expect(env.KAFKA_BROKERS, name).toBe('kafka:9092');
      expect(env.NODE_ENV, name).toBe('production');
      // Production refuses to start without a mail server; compose refuses to start without these.
      expect(env.SMTP_URL, name).toMatch(/^\$\{SMTP_URL:\?/);
      expect(env.PUBLIC_URL, name).toMatch(/^\$\{PUBLIC_URL:\?/);
      const deps = service.depends_on as Record<string, { condition?: string }>;
      for (const dependency of ['postgres', 'eventstoredb', 'kafka']) expect(deps[dependency]?.condition, `${name} → ${dependency}`).toBe('service_healthy');
    }
  });

  it('gives every service a health check, the api one on /healthz', () => {
    for (const [name, service] of services) expect(service.healthcheck?.test, name).toBeTruthy();
    expect(JSON.stringify(compose.services.api!.healthcheck!.test)).toContain('/healthz');
  });

  it('contains no secrets: password-like values are ${…} interpolations', () => {
    const secretKey = /PASSWORD|SECRET|TOKEN|_KEY$|CREDENTIAL/i;
    for (const [name, service] of services) {
      for (const [key, value] of Object.entries(environmentOf(service))) {
        if (secretKey.test(key)) expect(isInterpolation(value), `${name}.${key} is interpolated`).toBe(true);
        // A password inside a connection string must be interpolated as well.
        const userinfo = /^[a-z+]+:\/\/[^:/@]*:([^@]*)@/i.exec(value);
        if (userinfo) expect(isInterpolation(userinfo[1]!), `${name}.${key} has no literal password`).toBe(true);
      }
    }
    // And nothing that looks like a key=secret pair slipped in anywhere else in the text.
    for (const line of composeText.split('\n')) {
      const m = /^\s*-?\s*"?([A-Za-z_]*(?:PASSWORD|SECRET|TOKEN)[A-Za-z_]*)"?\s*[:=]\s*(.+)$/i.exec(line);
      if (m) expect(isInterpolation(m[2]!.trim().replace(/^"|"$/g, '')), line.trim()).toBe(true);
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

  it('builds from node:20-slim in stages with production dependencies only, as a non-root user', () => {
    const froms = instructions.filter((l) => l.startsWith('FROM '));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^FROM node:20-slim\b/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    const users = instructions.filter((l) => l.startsWith('USER '));
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^USER (root|0)\b/);
    const manifest = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    expect(manifest.dependencies.tsx, 'tsx is a runtime dependency').toBeDefined();
  });

  it('copies folders that exist and starts an entry point that exists', () => {
    for (const line of instructions.filter((l) => l.startsWith('COPY ') && !l.includes('--from='))) {
      const sources = line.split(/\s+/).slice(1).filter((w) => !w.startsWith('--')).slice(0, -1);
      for (const source of sources) expect(existsSync(path.join(root, source)), `${line}: ${source}`).toBe(true);
    }
    const cmd = instructions.find((l) => l.startsWith('CMD '));
    const entry = entryPointOf(JSON.parse(cmd!.slice(4)) as string[]);
    expect(existsSync(path.join(root, entry!)), `${entry} exists`).toBe(true);
  });

  it('keeps local state and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', '.data', '.env', '.git']) expect(ignored).toContain(entry);
  });
});
