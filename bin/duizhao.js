#!/usr/bin/env node
// The package's bin: runs the built CLI in this very process. dist/ is made by `npm install`
// (prepare) and `npm start` (prestart), or by hand with `npm run build`.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('duizhao: the build is missing (dist/cli.js): run "npm install" or "npm run build" first.\n');
  process.exit(1);
}
const { main } = await import(cli.href);
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, (error) => {
  console.error(error);
  process.exitCode = 1;
});
