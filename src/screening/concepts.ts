import { excerptOf } from './excerpt.js';
import { normalize, normalizeTerm, type Normalized } from './normalize.js';
import type { Flag, Span } from './types.js';

/**
 * Concepts, not strings: what an adult grooming a child says, and what a child disclosing harm says,
 * written as small phrase patterns over the normalized text (case, accents, look-alikes, leetspeak,
 * repeated letters and chat spellings folded, so "dont tel ur parnts" is not needed as such). A
 * pattern is words separated by spaces:
 *   `a|b|c`   one of these words (or phrases joined with `_`: `in_person|irl`)
 *   `word~`   the word and its endings (`hurt~`: hurt, hurts, hurting)
 *   `?word`   an optional word (`?little secret`)
 *   `*`       up to three words of anything (`dont tell * parents`)
 * Written from how grooming and disclosures are described by safeguarding guidance, not from any
 * labelled message: a labelled set measures them (see README, Screening).
 */

export const groomingCategories = ['secrecy', 'isolation', 'flattery', 'personal questions', 'photos', 'gifts or money', 'meeting offline', 'private channel', 'sexual'] as const;
export const disclosureCategories = ['self-harm', 'abuse at home', 'unsafe', 'contacted elsewhere'] as const;

type Concept = { type: 'grooming'; category: (typeof groomingCategories)[number] } | { type: 'disclosure'; category: (typeof disclosureCategories)[number] };

const who = 'mom|mum|mother|dad|father|parents|parent|family|folks|teacher|teachers|friends|anyone|anybody|nobody|counselor|sister|brother';
const kin = 'dad|father|mom|mum|mother|stepdad|stepfather|stepmom|stepmother|uncle|aunt|brother|sister|cousin|grandpa|grandfather|parents|boyfriend|husband';
const apps = 'whatsapp|snapchat|snap|telegram|signal|discord|kik|instagram|insta|ig|tiktok|facebook|messenger|wechat|viber|skype|facetime';

const patterns: [Concept, string[]][] = [
  [
    { type: 'grooming', category: 'secrecy' },
    [
      'dont|never|not tell * ' + who,
      'dont|never|not mention * to * ' + who,
      'dont|never show * ' + who,
      'our|a ?little|?special secret',
      'keep it|this|that|us|these ?a secret|secret|quiet|private|between_us|to_yourself',
      'between you_and_me|us_two|the_two_of_us',
      'just between us',
      'delete|erase|clear ?all this|these|the|our|my message~|chat~|email~|text~|convo~|conversation~',
      'nobody|no_one needs|has|have to know',
      'nobody|no_one will|would ever know',
      'wont|will_not tell anyone|anybody',
      // Spanish, as bilingual families write
      'no le|les digas',
      'nuestro secreto',
      'entre nosotros|tu_y_yo',
    ],
  ],
  [
    { type: 'grooming', category: 'isolation' },
    [
      'your|my parents|mom|dad|friends dont|wouldnt|would_not|never understand|get you|care',
      'only i|me understand~|get you',
      'no_one|nobody else understand~|gets you',
      'your|you parents|mom|dad strict about',
      'do|does your parents|mom|dad read|check|see|look_at your message~|email~|phone|texts',
      'you can tell|talk_to me anything|instead',
      'you dont need them',
      'reviewers|moderators|they|staff read|see|check|take|pass|screen~ our|my|your|every|everything|forever',
      'without the reviewers|moderators|program|staff',
    ],
  ],
  [
    { type: 'grooming', category: 'flattery' },
    [
      'mature for your|you age',
      'so|very|really mature',
      'not like|different_from other kids|girls|boys|people_your_age',
      'only one|person who really|truly ?really get~|understand~ me',
      'our ?little|?special chat~|talk~|connection|bond|friendship',
      'special friend~|connection|bond|relationship',
      'feel so close to you',
      'you are|youre so|really beautiful|pretty|gorgeous|hot|sexy|cute|handsome',
      'i think about you all_the_time|a_lot|every_day',
      'i miss you so|too much',
      'look forward to your message~|email~|letter~ more',
      'best part of my day|week',
      'more than anyone|anything else',
    ],
  ],
  [
    { type: 'grooming', category: 'personal questions' },
    [
      'do|have you have|got|ever had a boyfriend|girlfriend',
      'are you a virgin|dating|seeing_anyone',
      'what are you wearing',
      'are you alone|home_alone|by_yourself',
      'when|what_time are|do your parents|mom|dad leave|get_home|go_out|come_back|work',
      'where do you live',
      'what is|whats your address',
      'your bedroom|body|weight',
      'your home|house|street ?address',
      'send me your address',
    ],
  ],
  [
    { type: 'grooming', category: 'photos' },
    [
      'send|show me ?a|?some|?more photo~|pic~|picture~|selfie~|video~ of you|yourself',
      'send|show me ?a|?some photo~|pic~|picture~|selfie~ ?of ?you',
      'photo~|pic~|picture~|selfie~ of you|yourself',
      'turn|switch on your camera|webcam|cam',
      'video call|chat',
    ],
  ],
  [
    { type: 'grooming', category: 'gifts or money' },
    [
      'buy|get|send|give you a|an|some|something|money|cash|gift~|present~|phone|new',
      'gift card~',
      'venmo|paypal|cashapp|cash_app|zelle',
      'i|ill can|will pay for your|you',
      'send you money|cash',
    ],
  ],
  [
    { type: 'grooming', category: 'meeting offline' },
    [
      'meet|see you in_person|irl|after_school|alone|somewhere|this_weekend|at_the_mall|at_the_park',
      'meet up|in_person',
      'pick you up',
      'give you a ride|a_lift',
      'drive you home|there|to',
      'come|stop over|by to my|your house|place|apartment|flat',
      'come to my house|place|apartment|flat|room',
      'meet|meet_up|hang_out at|in the mall|park|cafe|coffee_shop|movies|library ?instead|?alone|?saturday|?sunday',
      'just us|only_us|us_two',
      'hang out|get_together just us|the_two_of_us|alone',
      'where|when should|can|could we meet',
      'just the two of us',
    ],
  ],
  [
    { type: 'grooming', category: 'private channel' },
    [
      'text|txt|call|message|msg|dm|snap|facetime|ring|whatsapp|email me instead|directly|privately|at_my|on_my',
      'text|txt|call|message|msg|dm|snap|facetime|ring me',
      'text|call|message you ?on ?my',
      'add|find|follow me on',
      'add|follow|find|message|msg|dm|text|talk_to|chat_with|reach me|you on|over|via ' + apps,
      'do|have you have|got|use ' + apps,
      'are you on ' + apps,
      'download|get|install ' + apps,
      'my ' + apps + ' is|handle|name|username|id',
      'tienes|usas ' + apps,
      'por ' + apps,
      'instead of here|this|this_site|this_system|the_program|this_program|the_relay|email|the_site',
      'my|your personal|private|own|real number|email|phone|account|cell',
      'talk|chat somewhere else|privately|in_private|outside',
      'outside ?of the|this program|site|relay',
      'google doc|docs',
      'shared|private doc|document',
      'easier|better|faster|quicker on|over|by|via|with text|texting|phone|' + apps,
      'nobody|no_one else will see|can_see|reads',
      'your number',
      'give me your number|email|snap|insta',
    ],
  ],
  [
    { type: 'grooming', category: 'sexual' },
    ['sex|sexy|naked|nude~|undress~|underwear|lingerie|horny|porn~', 'kiss you', 'ever kiss~', 'kiss~ anyone|someone|a_boy|a_girl', 'touch you|yourself', 'in bed with'],
  ],
  [
    { type: 'disclosure', category: 'self-harm' },
    [
      'cut~|burn~|hurt~|harm~|scratch~|hit~ myself|my_arm|my_arms|my_wrist|my_wrists|my_legs|my_self',
      'kill~ myself|my_self',
      'want|wanna|wish_i_could|going to die|disappear|not_be_here|not_exist|not_wake_up|end_it',
      'end|ending it_all|my_life|everything',
      'suicid~',
      'self harm~',
      'no point in|to living|anything|going_on',
      'better off without me|dead',
      'take|took|taking all ?the|?my pills',
      'overdos~',
      'been|started|start|keep|stop cutting|burning ?again|?myself',
      'havent|have_not|didnt eat~|eaten * on purpose|for_days|in_days',
      'starv~ myself|my_self',
      'make myself throw up|sick|puke',
    ],
  ],
  [
    { type: 'disclosure', category: 'abuse at home' },
    [
      `my ${kin} hit~|beat~|slap~|punch~|kick~|chok~|grab~|hurt~|push~|threw|throw~|strangl~ me`,
      `my ${kin} hit~|beat~|slap~|punch~|kick~|chok~|grab~|hurt~|push~ * me`,
      'he|she hit~|beat~|slap~|punch~|kick~|chok~|grab~ me',
      'touch~|touched me where|when|at_night',
      'come~|came|coming into my room at_night|when',
      'lock~ me in|out',
      'bruise~ ?on',
      'scared|afraid|terrified of my ' + kin,
      'scared|afraid|terrified to go home',
      `my ${kin} * hit~|beat~|slap~|punch~|kick~|chok~ my|me|us`,
      `my ${kin} * drunk|angry * again`,
      'me|le|nos pega|pego|golpea|golpeo',
      'borracho|borracha',
    ],
  ],
  [
    { type: 'disclosure', category: 'unsafe' },
    ['dont|not feel safe', 'not|isnt safe at|to home|there|go_home', 'kick~|threw me out', 'nowhere|no_where to go|sleep|stay', 'run~ away', 'no food at home'],
  ],
  [
    { type: 'disclosure', category: 'contacted elsewhere' },
    [
      'someone|somebody|a_guy|a_man|an_adult|this_guy|a_stranger|he keep~ messag~|text~|dm~|add~|follow~ me',
      'someone|somebody|a_guy|a_man|an_adult|this_guy|a_stranger messag~|text~|dm~|add~|follow~ me on',
      'older guy|man|boy',
      'someone|somebody|a_guy|a_man|an_adult|this_guy|a_stranger|he|she * keep~ messag~|text~|dm~|add~|follow~|snap~|call~ me',
    ],
  ],
];

/**
 * One pattern as a regular expression over normalized text (see the syntax above). Every word is
 * followed by a space, so the text is matched with one space added at its end.
 */
function compile(pattern: string): string {
  const parts = pattern.split(' ').map((token) => {
    if (token === '*') return '(?:[a-z0-9]+ ){0,4}';
    const optional = token.startsWith('?');
    const alternatives = (optional ? token.slice(1) : token).split('|').map((alt) => {
      const stem = alt.endsWith('~');
      const words = (stem ? alt.slice(0, -1) : alt).split('_').map((w) => normalizeTerm(w));
      return words.join(' ') + (stem ? '[a-z]*' : '');
    });
    return `(?:(?:${alternatives.join('|')}) )${optional ? '?' : ''}`;
  });
  return parts.join('');
}

// One expression a concept, its patterns as alternatives: one pass over the text for each concept.
const compiled = patterns.map(([concept, list]) => ({ concept, regex: new RegExp(`(?:^| )(${list.map(compile).join('|')})`, 'g') }));

/** Whose words these are: the same words weigh more from an adult to a child. */
export type SenderRole = 'mentor' | 'protege';

/**
 * Grooming and disclosure flags in a text. Urgent, but for words a protégé says of themselves about
 * the mentor's side (a compliment or a personal question from a protégé is review), and for a
 * "disclosure" in a mentor's words (an adult telling of their own past is review).
 */
export function findConcepts(text: string, senderRole?: SenderRole, normalized: Normalized = normalize(text)): Flag[] {
  const flags: Flag[] = [];
  const n = normalized;
  const padded = `${n.text} `;
  const back = (start: number, end: number): Span => ({ start: n.index[start] ?? 0, end: end > start ? (n.index[end - 1] ?? text.length - 1) + 1 : (n.index[start] ?? 0) });
  for (const { concept, regex } of compiled) {
    const spans: Span[] = [];
    regex.lastIndex = 0;
    for (let m = regex.exec(padded); m; m = regex.exec(padded)) {
      // The match starts at a word: at the text's start or after a space (group 1 is the words).
      const start = m.index + m[0].length - m[1]!.length;
      spans.push(back(start, start + m[1]!.trimEnd().length));
      regex.lastIndex = start + m[1]!.length - 1; // the space that ends this match may begin the next
    }
    if (spans.length === 0) continue;
    spans.sort((a, b) => a.start - b.start);
    const merged = spans.filter((s, i) => i === 0 || s.start >= spans[i - 1]!.end);
    const mild = (concept.type === 'disclosure' && senderRole === 'mentor') || (concept.type === 'grooming' && senderRole === 'protege' && (concept.category === 'flattery' || concept.category === 'personal questions'));
    flags.push({
      type: concept.type,
      severity: mild ? 'review' : 'urgent',
      excerpt: excerptOf(text, merged[0]!),
      spans: merged,
      category: concept.category,
      detail: concept.type === 'grooming' ? `grooming: ${concept.category}` : `disclosure: ${concept.category}`,
    });
  }
  return flags;
}
