import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB_SRC = import.meta.dirname;
const sources = readdirSync(WEB_SRC, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.spec\.tsx?$/.test(e.name))
  .map((e) => path.join(e.parentPath, e.name));

describe('web client boundaries (DESIGN.md: web/ reaches the server only over HTTP and WebSocket)', () => {
  it('imports only types from the server code, so none of it is bundled', () => {
    const offending: string[] = [];
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
        const [, , typeOnly, specifier] = match;
        if (!specifier!.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), specifier!);
        if (!target.startsWith(WEB_SRC + path.sep) && !typeOnly) offending.push(`${path.relative(WEB_SRC, file)} → ${specifier}`);
      }
    }
    expect(sources.length).toBeGreaterThan(20);
    expect(offending).toEqual([]);
  });
});
