import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Flags that work headless, as root and in containers (no sandbox, no GPU, no /dev/shm). */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--no-first-run',
];

/**
 * The Chromium to drive, in this order: `CHROMIUM_PATH`, the system's `/usr/bin/chromium`, the
 * one shipped inside the `@sparticuz/chromium` package (no system install; Linux x86-64).
 */
export async function chromiumExecutable(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  // The package unpacks its browser into the temp directory and reuses whatever it finds there:
  // a directory of this run's own keeps an older unpacked version out.
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'rtw-chromium-'));
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    return await packaged.executablePath();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumExecutable(),
    args: ARGS,
    headless: true,
  });
}
