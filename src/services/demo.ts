import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseBeads } from '../align/beads.js';
import type { Store } from '../store/index.js';
import type { PlacementBead } from './documents.js';
import type { Services } from './index.js';

export interface DemoTranslation { lang: string; sentences: string[]; beads: PlacementBead[] }
export interface DemoContent { title: string; chineseText: string; translations: DemoTranslation[] }

const DEMO_DIR = fileURLToPath(new URL('../../demo/joint-statement-2022/', import.meta.url));
/** The joint statement's recurring terms in English and Russian (issue #7). */
const DEMO_GLOSSARY = fileURLToPath(new URL('../../demo/glossary.csv', import.meta.url));

/** Reads the demo document and its gold alignments from demo/ (copied from shared/fixtures). */
export function readDemoContent(dir: string = DEMO_DIR): DemoContent {
  const read = (name: string) => readFileSync(`${dir}/${name}`, 'utf8');
  const lines = (name: string) => read(name).split('\n').filter((line) => line.length > 0);
  return {
    title: '中华人民共和国主席习近平同吉尔吉斯共和国总统扎帕罗夫联合声明',
    chineseText: read('zh.txt'),
    translations: ['en', 'ru'].map((lang) => ({
      lang,
      sentences: lines(`${lang}.sentences`),
      beads: parseBeads(read(`${lang}.gold`)),
    })),
  };
}

export const DEMO_USERS = [
  { name: 'admin', roles: ['admin'] },
  { name: 'translator', roles: ['translator'] },
  { name: 'reviewer', roles: ['reviewer'] },
] as const;

/**
 * On an empty database (no users, no documents) creates the demo accounts with fresh
 * random passwords and the demo document with its translations placed slot by slot.
 * Returns the passwords so the caller can show them once; returns null when the
 * database already holds data.
 */
export async function loadDemo(
  deps: { store: Store; accounts: Services['accounts']; documents: Services['documents']; glossary?: Services['glossary'] },
  content: DemoContent,
): Promise<{ documentId: number; passwords: { name: string; password: string }[] } | null> {
  const { store, accounts, documents } = deps;
  if (store.users.countUsers() > 0 || store.documents.countDocuments() > 0) return null;
  const passwords: { name: string; password: string }[] = [];
  const created = [];
  for (const demoUser of DEMO_USERS) {
    const { user, password } = await accounts.createUser({ name: demoUser.name, roles: demoUser.roles });
    passwords.push({ name: user.name, password });
    created.push(user);
  }
  const admin = created[0] ?? null;
  const { documentId } = await documents.importDocument({
    title: content.title, text: content.chineseText, langs: content.translations.map((t) => t.lang), user: admin,
  });
  for (const translation of content.translations) {
    // The demo translations are a professional's finished work: ready for review.
    documents.placeTranslation({
      documentId, lang: translation.lang, sentences: translation.sentences, beads: translation.beads,
      status: 'translated', action: 'import', userId: created[1]?.id ?? null,
    });
  }
  deps.glossary?.importFile({ name: 'glossary.csv', bytes: readFileSync(DEMO_GLOSSARY) }, admin);
  return { documentId, passwords };
}
