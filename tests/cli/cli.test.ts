import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Each test starts the CLI in child processes; on a busy two-core machine that takes seconds.
vi.setConfig({ testTimeout: 90_000 });

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// What users run: the package's bin, which runs the build (dist/, made by the global setup).
const BIN = join(ROOT, 'bin', 'duizhao.js');
const dir = mkdtempSync(join(tmpdir(), 'duizhao-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI as `npm run cli` would, with its own database. */
function cli(args: string[], options: { input?: string; db?: string } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, DUIZHAO_DB: options.db ?? join(dir, 'cli.sqlite') },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('duizhao segment', () => {
  it('prints one sentence per line from standard input', () => {
    const run = cli(['segment', '--lang', 'zh', '-'], { input: '“我们走吧。”他说。“好。”“再见。”\n第二段。' });
    expect(run).toEqual({ code: 0, stdout: '“我们走吧。”他说。\n“好。”\n“再见。”\n第二段。\n', stderr: '' });
  });

  it('marks paragraph breaks with --paragraphs', () => {
    const file = join(dir, 'en.txt');
    writeFileSync(file, 'Mr. Li came. He left.\nNew paragraph.\n');
    expect(cli(['segment', '--lang', 'en', '--paragraphs', file]).stdout).toBe('Mr. Li came.\nHe left.\n\nNew paragraph.\n');
  });

  it('refuses a missing file, a missing language and binary input with a message and exit code', () => {
    const missing = cli(['segment', '--lang', 'zh', join(dir, 'nope.txt')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/ENOENT|no such file/);
    const noLang = cli(['segment', '-'], { input: 'x' });
    expect(noLang.code).toBe(2);
    expect(noLang.stderr).toContain('segment needs --lang');
    const binary = cli(['segment', '--lang', 'zh', '-'], { input: '\u0000\u0001\u0002binary' });
    expect(binary.code).toBe(2);
    expect(binary.stderr).toMatch(/not text|binary/i);
  });
});

describe('duizhao import and user add', () => {
  it('imports a file and prints the new document id; creates users with printed passwords', () => {
    const db = join(dir, 'import.sqlite');
    const file = join(dir, '声明.txt');
    writeFileSync(file, '第一句。第二句。\n第三句。');
    const run = cli(['import', file, '--title', '测试', '--langs', 'en'], { db });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('1\n');
    expect(run.stderr).toContain('Imported 3 segments in 2 paragraphs.');
    const empty = cli(['import', join(dir, 'empty.txt')], { db });
    expect(empty.code).toBe(1);
    const user = cli(['user', 'add', 'zhang', '--role', 'admin'], { db });
    expect(user.code).toBe(0);
    expect(user.stdout).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}\n$/);
    const again = cli(['user', 'add', 'zhang', '--role', 'admin'], { db });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    const badRole = cli(['user', 'add', 'li', '--role', 'boss'], { db });
    expect(badRole.stderr).toContain('Unknown role "boss"');
  });

  it('prints usage for an unknown command', () => {
    const run = cli(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown command "frobnicate"');
  });
});

describe('duizhao align', () => {
  it('aligns a corpus from a --batch list in one process, writing each output whole', () => {
    const demo = join(ROOT, 'demo', 'joint-statement-2022');
    const out = mkdtempSync(join(dir, 'batch-'));
    writeFileSync(join(out, 'a.zh'), '两国元首举行会谈。\n');
    writeFileSync(join(out, 'a.en'), 'The two heads of state held talks.\n');
    writeFileSync(join(out, 'list'), `${join(demo, 'zh.sentences')}\t${join(demo, 'en.sentences')}\t${join(out, 'joint.align')}\n${join(out, 'a.zh')}\t${join(out, 'a.en')}\t${join(out, 'a.align')}\n`);
    const run = cli(['align', '--src-lang', 'zh', '--tgt-lang', 'en', '--presplit', '--batch', join(out, 'list')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(join(out, 'a.align'), 'utf8')).toBe('[0]:[0]\n');
    const beads = readFileSync(join(out, 'joint.align'), 'utf8').trimEnd().split('\n');
    expect(beads.length).toBeGreaterThan(40);
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('aligns a --batch on threads (the built worker) to the same bytes as in one thread, in every format', () => {
    const demo = join(ROOT, 'demo', 'joint-statement-2022');
    const out = mkdtempSync(join(dir, 'jobs-'));
    writeFileSync(join(out, 'a.zh'), '两国元首举行会谈。\n1996年双方在比什凯克签署条约。\n');
    writeFileSync(join(out, 'a.en'), 'The two heads of state held talks.\nIn 1996 the two sides signed a treaty in Bishkek.\n');
    for (const format of ['beads', 'json', 'tsv']) {
      const outputs: { a: string; d: string }[] = [];
      for (const jobs of ['1', '2']) {
        const list = join(out, `list-${jobs}`);
        writeFileSync(list, `${join(out, 'a.zh')}\t${join(out, 'a.en')}\t${join(out, `a.${jobs}`)}\n${join(demo, 'zh.txt')}\t${join(demo, 'en.txt')}\t${join(out, `d.${jobs}`)}\n`);
        const run = cli(['align', '--src-lang', 'zh', '--tgt-lang', 'en', '--format', format, '--jobs', jobs, '--batch', list]);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toContain(`align: 2 pairs on ${jobs === '1' ? '1 thread' : '2 threads'}\n`);
        outputs.push({ a: readFileSync(join(out, `a.${jobs}`), 'utf8'), d: readFileSync(join(out, `d.${jobs}`), 'utf8') });
      }
      expect(outputs[1]).toEqual(outputs[0]);
      expect(outputs[0]?.d.split('\n').length ?? 0).toBeGreaterThan(40);
    }
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('stops a --batch on threads at Ctrl-C: exit code 130, a message, and no output at all', async () => {
    const demo = join(ROOT, 'demo', 'joint-statement-2022');
    const out = mkdtempSync(join(dir, 'sigint-'));
    // Two long pairs (the demo twenty times over): far longer to align than a signal takes.
    for (const lang of ['zh', 'en']) writeFileSync(join(out, `long.${lang}`), readFileSync(join(demo, `${lang}.sentences`), 'utf8').repeat(20));
    writeFileSync(join(out, 'list'), ['1', '2'].map((k) => `${join(out, 'long.zh')}\t${join(out, 'long.en')}\t${join(out, `out.${k}`)}\n`).join(''));
    const child = spawn(process.execPath, [BIN, 'align', '--src-lang', 'zh', '--tgt-lang', 'en', '--presplit', '--jobs', '2', '--batch', join(out, 'list')], { cwd: ROOT });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // Once: a second Ctrl-C ends the process at once, as it should.
      if (!sent && stderr.includes('pairs on 2 threads')) sent = child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('align: interrupted before 1/2');
    expect(readdirSync(out).sort()).toEqual(['list', 'long.en', 'long.zh']);
  });

  it('keeps the beads of --anchors and refuses overlapping ones', () => {
    const demo = join(ROOT, 'demo', 'joint-statement-2022');
    const anchors = join(dir, 'anchors');
    writeFileSync(anchors, '[2,3]:[2]\n');
    const args = ['align', '--src-lang', 'zh', '--tgt-lang', 'ru', '--presplit', '--anchors', anchors, join(demo, 'zh.sentences'), join(demo, 'ru.sentences')];
    const run = cli(args);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toContain('[2,3]:[2]');
    writeFileSync(anchors, '[2,3]:[2]\n[3]:[3]\n');
    const bad = cli(args);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('anchor [3]:[3] overlaps anchor [2,3]:[2] on source sentence 3');
  });
});

describe('duizhao serve', () => {
  /** Starts the server on a free port and resolves with its URL and everything it printed. */
  function serve(db: string): Promise<{ url: string; output: string; stop: () => Promise<number | null> }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'serve'], {
        cwd: ROOT, env: { ...process.env, DUIZHAO_DB: db, PORT: '0', HOST: '127.0.0.1' },
      });
      let output = '';
      const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const url = /running at (http:\/\/\S+\/)/.exec(output)?.[1];
        if (url) {
          clearTimeout(timer);
          resolve({
            url, output,
            stop: () => new Promise((done) => {
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
          });
        }
      });
      child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
    });
  }

  it('creates the database with the demo on first start, prints passwords once, and serves', async () => {
    const db = join(dir, 'serve', 'fresh.sqlite');
    const first = await serve(db);
    expect(first.output).toContain('shown only this once');
    const passwords = [...first.output.matchAll(/^ {2}(admin|translator|reviewer) +(\S+)$/gm)].map((m) => [m[1], m[2]]);
    expect(passwords.map((p) => p[0])).toEqual(['admin', 'translator', 'reviewer']);
    const health = await fetch(`${first.url}healthz`);
    expect(health.status).toBe(200);
    const login = await fetch(`${first.url}`, { redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(await first.stop()).toBe(0);

    const second = await serve(db);
    expect(second.output).not.toContain('shown only this once');
    await second.stop();
  }, 90_000);
});

describe('duizhao import-translation', () => {
  it('aligns a translation file to a document and prints a summary; refuses replacing without --replace', () => {
    const db = join(dir, 'translation.sqlite');
    const demo = join(ROOT, 'demo', 'joint-statement-2022');
    const created = cli(['import', join(demo, 'zh.txt'), '--title', '声明'], { db });
    expect(created.code).toBe(0);
    const id = created.stdout.trim();
    const run = cli(['import-translation', '--document', id, '--lang', 'en', join(demo, 'en.txt')], { db });
    expect(run.stderr).toBe('');
    // The summary's shape, not this week's aligner figures on the demo.
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^sentences: 59\nbeads: \d+ \(\d-\d \d+(?:, \d-\d \d+)*\)\nlow confidence: \d+\npivot: none\n$/);
    const again = cli(['import-translation', '--document', id, '--lang', 'en', join(demo, 'en.txt')], { db });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Confirm to continue');
    const bad = cli(['import-translation', '--document', id, join(demo, 'en.txt')], { db });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('needs --lang');
  }, 90_000);
});

describe('duizhao export --format xliff12 and import-xliff', () => {
  it('exports one language as XLIFF and imports an edited file back as a user\'s edits, with a JSON report', () => {
    const db = join(dir, 'xliff.sqlite');
    const source = join(dir, 'xliff-zh.txt');
    writeFileSync(source, '第一句。第二句！');
    const id = cli(['import', source, '--title', '文件', '--langs', 'en'], { db }).stdout.trim();
    expect(cli(['user', 'add', 'tina', '--role', 'translator'], { db }).code).toBe(0);
    const out = join(dir, 'doc.xlf');
    const exported = cli(['export', '--document', id, '--format', 'xliff12', '--langs', 'en', '--copy-source', '-o', out], { db });
    expect(exported).toMatchObject({ code: 0, stderr: 'Exported 2 unit(s) from 2 group(s); 2 group(s) had no translation to export.\n' });
    const both = cli(['export', '--document', id, '--format', 'xliff20', '--aligned-above', '2', '-o', out], { db });
    expect(both).toMatchObject({ code: 2 });
    expect(both.stderr).toContain('--aligned-above takes a confidence from 0 to 1');
    const xml = cli(['export', '--document', id, '--format', 'xliff12', '--langs', 'en', '--copy-source', '-o', '-'], { db }).stdout;
    writeFileSync(out, xml.replace('<target state="needs-translation">第一句。</target>', '<target state="translated">First.</target>'));
    const imported = cli(['import-xliff', '--document', id, '--user', 'tina', out], { db });
    expect(imported.code).toBe(0);
    const report = JSON.parse(imported.stdout) as { updated: { after: string; status: string }[]; unchanged: unknown[] };
    expect(report.updated).toEqual([expect.objectContaining({ after: 'First.', status: 'translated' })]);
    expect(report.unchanged).toHaveLength(1);
    expect(imported.stderr).toBe('Updated 1 slot(s); 1 unchanged, 0 conflict(s), 0 refused, 0 comment(s) added.\n');
    const nobody = cli(['import-xliff', '--document', id, '--user', 'ghost', out], { db });
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain('There is no user named "ghost"');
    writeFileSync(out, '<xliff version="1.2"><file><body><trans-unit>');
    const broken = cli(['import-xliff', '--document', id, '--user', 'tina', out], { db });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('not well-formed XML');
  }, 120_000);
});

describe('duizhao segment with SRX rules and abbreviations', () => {
  it('splits with an SRX file and extra abbreviations, and refuses an unsafe rule with its reason', () => {
    const srx = fileURLToPath(new URL('../fixtures/srx/languagetool-segment-en-ru.srx', import.meta.url));
    const input = 'Prices incl. Tax went up. Mr. Smith left.';
    expect(cli(['segment', '--lang', 'en', '-'], { input }).stdout).toBe('Prices incl.\nTax went up.\nMr. Smith left.\n');
    expect(cli(['segment', '--lang', 'en', '--srx', srx, '--abbreviations', 'incl', '-'], { input })).toEqual({ code: 0, stdout: 'Prices incl. Tax went up.\nMr. Smith left.\n', stderr: '' });
    const unsafe = join(dir, 'unsafe.srx');
    writeFileSync(unsafe, '<srx version="2.0"><header cascade="no"/><body><languagerules><languagerule languagerulename="X"><rule break="yes"><beforebreak>(\\w+)+\\.</beforebreak><afterbreak></afterbreak></rule></languagerule></languagerules><maprules><languagemap languagepattern=".*" languagerulename="X"/></maprules></body></srx>');
    const refused = cli(['segment', '--lang', 'en', '--srx', unsafe, '-'], { input });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('exponential time');
  }, 90_000);
});
