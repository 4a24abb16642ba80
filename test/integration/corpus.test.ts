import { describe } from 'vitest';
import { corpus, fixturesDir } from '../helpers/corpus.js';
import { throughRelay } from '../helpers/through-relay.js';

describe('the project\'s test messages through a pair', () => {
  throughRelay(corpus(fixturesDir));
});
