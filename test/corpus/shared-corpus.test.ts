import { describe, expect, it } from 'vitest';
import { readReviewed } from '../../src/messages/reviewed.js';
import { composeForward } from '../../src/outbound/forward.js';
import { corpus, extraCorpusDir } from '../helpers/corpus.js';
import { expectFaithfulCopy } from '../helpers/forward-checks.js';
import { throughRelay } from '../helpers/through-relay.js';

// Only run when RELAY_TEST_CORPUS names a folder of .eml files (CI: the shared public corpus); the
// test configuration includes this file only then.
const dir = extraCorpusDir();
if (!dir) throw new Error('RELAY_TEST_CORPUS is not set');
const messages = corpus(dir);

describe(`the corpus at ${dir}`, () => {
  it('holds messages', () => expect(messages.length).toBeGreaterThan(0));

  it.each(messages)('$file: composed as a faithful copy', async ({ file, raw }) => {
    const reviewed = await readReviewed(raw);
    const out = await composeForward({
      reviewed,
      subject: reviewed.subject,
      senderName: 'Morgan Mentor',
      programName: 'Bright Futures',
      alias: 'pair-abcdefghij@relay.test',
      to: 'pat@school.example',
      messageId: 'relay-1@relay.test',
      inReplyTo: null,
      references: [],
      now: new Date(Date.UTC(2026, 10, 28, 12)),
    });
    await expectFaithfulCopy(raw, out, file);
  });

  describe('through a pair', () => throughRelay(messages));
});
