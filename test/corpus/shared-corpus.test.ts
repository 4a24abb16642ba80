import { describe, expect, it } from 'vitest';
import { corpus, extraCorpusDir } from '../helpers/corpus.js';
import { expectFaithfulCopy, forwardOf } from '../helpers/forward-checks.js';
import { throughRelay } from '../helpers/through-relay.js';

// Only run when RELAY_TEST_CORPUS names a folder of .eml files (CI: the shared public corpus); the
// test configuration includes this file only then.
const dir = extraCorpusDir();
if (!dir) throw new Error('RELAY_TEST_CORPUS is not set');
const messages = corpus(dir);

describe(`the corpus at ${dir}`, () => {
  it('holds messages', () => expect(messages.length).toBeGreaterThan(0));

  it.each(messages)('$file: composed as a faithful copy', async ({ file, raw }) => {
    const out = await forwardOf(raw);
    await expectFaithfulCopy(raw, out, file);
  });

  describe('through a pair', () => throughRelay(messages));
});
