import type { KeywordRule } from './types.js';

const urgent = (category: string, terms: string[]): KeywordRule[] => terms.map((term) => ({ term, severity: 'urgent', wholeWord: true, category }));
const review = (category: string, terms: string[]): KeywordRule[] => terms.map((term) => ({ term, severity: 'review', wholeWord: true, category }));

/**
 * Grooming patterns, severity urgent: an adult asking a young person to keep a secret, to meet, to
 * move to a private channel, to accept gifts, or to send photos. Phrases, not single words: "meet
 * the deadline" is ordinary talk, "meet me" is not. A program replaces or extends this list in its
 * configuration (screening.keywords).
 */
export const defaultKeywords: KeywordRule[] = [
  ...urgent('secrecy', [
    'our secret', 'our little secret', 'keep it secret', 'keep this secret', 'keep this between us', 'keep it between us', 'just between us',
    'between you and me', 'dont tell your parents', 'dont tell your mom', 'dont tell your mum', 'dont tell your dad', 'dont tell anyone',
    'dont tell your teacher', 'no one needs to know', 'nobody needs to know', 'nobody has to know', 'delete this message', 'delete our messages',
    'delete this chat', 'delete the messages', 'dont show anyone', 'our special secret',
  ]),
  ...urgent('meeting in person', [
    'meet me', 'meet up', 'meet in person', 'meet irl', 'see you in person', 'come to my house', 'come to my place', 'come over to my',
    'come to my apartment', 'pick you up', 'give you a ride', 'where do you live', 'whats your address', 'what is your address', 'are you home alone',
    'when are your parents', 'are your parents home', 'just the two of us', 'hang out alone', 'visit you at home',
  ]),
  ...urgent('private channel', [
    'text me', 'call me on', 'call me at', 'message me on', 'add me on', 'dm me', 'snap me', 'my personal number', 'your phone number',
    'whats your number', 'give me your number', 'talk somewhere else', 'talk privately', 'talk in private', 'private chat', 'outside the program',
    'without the program',
  ]),
  ...urgent('gifts', ['buy you a', 'buy you something', 'send you a gift', 'a present for you', 'gift card', 'send you money', 'give you money', 'pay for your']),
  ...urgent('photos', [
    'send me a photo', 'send me a picture', 'send me a pic', 'send a pic', 'send pics', 'send me pics', 'send a selfie', 'send me a selfie',
    'pic of you', 'picture of you', 'photo of you', 'what are you wearing', 'in your pajamas', 'in your bikini',
  ]),
  ...review('personal', ['home alone', 'my address', 'your address', 'my number', 'my cell']),
];
