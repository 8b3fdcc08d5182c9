import type { ScryptOptions } from 'node:crypto';
import type { Store } from '../store/index.js';
import { createAccountService } from './accounts.js';
import { createDocumentService } from './documents.js';
import { createEventHub } from './events.js';
import { createExchangeService } from './exchange.js';
import { createGlossaryService } from './glossary.js';
import { createJobRegistry } from './jobs.js';
import { createQaService, type QaResult } from './qa.js';
import { createReviewService, exportCommentSource, type QaFinding } from './review.js';
import { createSlotService } from './slots.js';
import { createTermSuggestionService } from './term-suggestions.js';
import { addApprovedToTm, createTmService } from './tm.js';
import { createTranslationService } from './translations.js';

export interface ServiceOptions {
  store: Store;
  now?: () => Date;
  scrypt?: ScryptOptions;
  loginAttempts?: { max: number; windowMs: number };
  /** Written into exports as the creating tool's version. */
  version?: string;
}

/** Every service over one store; the web app and the CLI both start here. */
export function createServices(options: ServiceOptions) {
  const now = options.now ?? (() => new Date());
  const { store } = options;
  const documents = createDocumentService({ store, now });
  const events = createEventHub();
  const slots = createSlotService({ store, now, events });
  const qa = createQaService({ store });
  const glossary = createGlossaryService({ store, now });
  const toFinding = (r: QaResult): QaFinding => ({ id: r.check, severity: r.severity, message: r.message });
  return {
    accounts: createAccountService({ store, now, ...(options.scrypt && { scrypt: options.scrypt }), ...(options.loginAttempts && { loginAttempts: options.loginAttempts }) }),
    documents,
    translations: createTranslationService({ store, documents, events }),
    jobs: createJobRegistry(),
    tm: createTmService({ store, now }),
    glossary,
    termSuggestions: createTermSuggestionService({ store, glossary }),
    qa,
    slots,
    review: createReviewService({
      store, slots, now, events,
      qa: {
        slot: (documentId, segmentId, lang) => qa.checkSlot(documentId, segmentId, lang).map(toFinding),
        language: (documentId, lang) => new Map(qa.listDocument(documentId, { lang }).map((s) => [s.segmentId, s.results.map(toFinding)])),
      },
      // Approved pairs join the translation memory in the approving transaction.
      onApproved: (input) => { addApprovedToTm(store, { ...input, now: now().toISOString() }); },
    }),
    events,
    exchange: createExchangeService({ store, now, version: options.version ?? 'dev', comments: exportCommentSource(store) }),
  };
}

export type Services = ReturnType<typeof createServices>;
