/**
 * The documents the code and tests cite are in the repository: every Markdown file named in the
 * sources, tests, benchmarks, scripts and docs is a file here, every "domain.md section N" is a
 * section of docs/domain.md, and every numbered scenario of the security catalogue is written out
 * in docs/quality-bar.md. A reference to a document outside the repository fails.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SCANNED = ['src', 'test', 'bench', 'migrations', 'scripts', 'docs', '.ci', 'README.md'];
const TEXT = /\.(ts|js|md|sh)$|^run$/;

function files(path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).flatMap((name) =>
    name === 'node_modules' ? [] : files(join(path, name)),
  );
}

const sources = SCANNED.flatMap(files)
  .filter((path) => TEXT.test(path.split('/').pop() as string))
  .map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));

/** The sections of docs/domain.md: "4" for "## 4. ...", "6.2" for "### 6.2 ...". */
function domainSections(): Set<string> {
  const text = readFileSync(join(root, 'docs/domain.md'), 'utf8');
  return new Set([...text.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((match) => match[1]));
}

describe('documents cited by the code', () => {
  it('finds the sources it scans, this file among them', () => {
    expect(sources.map((s) => s.path)).toContain(
      relative(root, fileURLToPath(import.meta.url))
        .split('\\')
        .join('/'),
    );
    expect(sources.length).toBeGreaterThan(100);
  });

  it('names only documents that are in the repository, never one outside it', () => {
    const documents = new Set(
      ['.', ...SCANNED].flatMap((path) =>
        path === '.' ? readdirSync(root).filter((name) => name.endsWith('.md')) : files(path),
      ),
    );
    const names = new Set([...documents].map((path) => path.split('/').pop()));
    const missing: string[] = [];
    for (const { path, text } of sources) {
      for (const match of text.matchAll(/[\w./-]*\b[\w-]+\.md\b/g)) {
        const name = match[0].replace(/^\.\//, '');
        const resolves = name.includes('/')
          ? !name.includes('..') && existsSync(join(root, name))
          : names.has(name);
        if (!resolves) missing.push(`${path}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('cites only sections docs/domain.md has', () => {
    const sections = domainSections();
    expect([...sections]).toEqual(expect.arrayContaining(['4', '5', '6', '6.8', '7']));
    const unknown: string[] = [];
    for (const { path, text } of sources) {
      for (const match of text.matchAll(/domain\.md[`'"]?,? section (\d+(?:\.\d+)?)/g)) {
        if (!sections.has(match[1])) unknown.push(`${path}: section ${match[1]}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('writes out every scenario of the security catalogue in docs/quality-bar.md', () => {
    const text = readFileSync(join(root, 'docs/quality-bar.md'), 'utf8');
    const written = new Set([...text.matchAll(/^(\d+)\. /gm)].map((match) => Number(match[1])));
    // The catalogue read as text: its numbers, `scenario: 21`.
    const catalogue = readFileSync(join(root, 'test/support/security-scenarios.js'), 'utf8');
    const listed = [...catalogue.matchAll(/scenario: (\d+),/g)].map((match) => Number(match[1]));
    expect(listed.length).toBeGreaterThanOrEqual(20);
    const missing = listed.filter((scenario) => !written.has(scenario));
    expect(missing).toEqual([]);
  });
});
