// Writes a Brotli and a gzip copy of every built script and style sheet next to it: the API serves
// them to browsers that accept them (src/common/http/web-app.ts), with no compression per request.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const assets = join('dist', 'assets');
let files = 0;
for (const name of readdirSync(assets)) {
  if (!/\.(js|css)$/.test(name)) continue;
  const content = readFileSync(join(assets, name));
  writeFileSync(
    join(assets, `${name}.br`),
    brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
  writeFileSync(join(assets, `${name}.gz`), gzipSync(content, { level: 9 }));
  files += 1;
}
process.stdout.write(`precompressed ${files} files\n`);
