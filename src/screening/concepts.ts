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

const who = 'mom|mum|mother|dad|father|parents|parent|family|folks|teacher|teachers|friends|anyone|anybody|nobody|counselor|sister|brother|program|coordinator|coordinators|reviewers|staff';
const kin = 'dad|father|mom|mum|mother|stepdad|stepfather|stepmom|stepmother|uncle|aunt|brother|sister|cousin|grandpa|grandfather|parents|boyfriend|bf|husband|grandma|grandmother|stepbrother|moms_boyfriend|moms_bf';
const apps = 'whatsapp|snapchat|snap|telegram|signal|discord|kik|instagram|insta|ig|tiktok|facebook|messenger|wechat|viber|skype|facetime';

const patterns: [Concept, string[]][] = [
  [
    { type: 'grooming', category: 'secrecy' },
    [
      'dont|never|not ?to tell * ' + who,
      'dont|never|not ?to|?have_to|?need_to mention * to * ' + who,
      'dont|never|not ?to|?have_to|?need_to mention|tell * ' + who,
      'dont|never show * ' + who,
      'our|a ?little|?special secret',
      'keep it|this|that|us|these ?a secret|secret|quiet|private|between_us|to_yourself',
      'between you_and_me|us_two|the_two_of_us',
      'it|this|that|stays|stay|keep~ between us|you_and_me',
      'it|this stays with me',
      'tell your mom|mum|dad|parents|family you_are|youre|you_were|youll_be|you_will_be at|staying|sleeping|with',
      'delete~|erase~|clear~ * message~|chat~|email~|text~|convo~|conversation~|thread~|dm~|history',
      'out of context',
      'i|ill wont|will_not judge',
      'delete|erase|clear ?all this|these|the|our|my message~|chat~|email~|text~|convo~|conversation~',
      'nobody|no_one needs|has|have to know',
      'your|my parents|mom|dad|family dont|do_not|doesnt need to know',
      'keep * between us|you_and_me',
      'no_one|nobody would|will ever|even notice',
      'sneak~ out|away|off',
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
      'you dont need them|anyone_else|anybody_else|your_friends',
      'you have|youve|youve_got|got me',
      'come to|talk_to|tell me instead',
      'i|ill will always|always_will take your side|be_there_for_you',
      'dont|wouldnt|would_not|no_need_to bother|talk_to|go_to * counselor|counselors|teacher|teachers|police',
      'they|counselor|teacher|teachers have|are_required|must|will report|tell',
      'parents|adults dont|do_not understand * like you',
      'holding you back',
      'do|does your friends|parents|mom|dad|teachers get|understand you',
      'stick with me',
      'dont|do_not need the program|programme|reviewers|coordinator|coordinators|school|worksheets',
      'wasted on',
      'reviewers|moderators|they|staff read|see|check|take|pass|screen~ our|my|your|every|everything|forever',
      'without the reviewers|moderators|program|staff',
    ],
  ],
  [
    { type: 'grooming', category: 'flattery' },
    [
      'mature for your|you age',
      'so|very|such mature',
      'you_are|youre|you_seem mature',
      'most mature',
      'mature * year old',
      'forget * talking to a|you_are|youre high_schooler|kid|teen|teenager|student|minor|only',
      'look~|looked|seem~|seemed so|very|super grown_up|older',
      'not like|different_from other kids|girls|boys|people_your_age',
      'only one|person who ?truly get~|understand~ me',
      'you get|understand me in_a_way|like_no_one|like_nobody|better_than',
      'you get me',
      'different|another level|league',
      'our ?little|?special chat~|talk~|connection|bond|friendship',
      'special friend~|connection|bond|relationship',
      'feel so close to you',
      'you_are|youre|you_look|you_looked|you_looking ?so|?very|?super beautiful|pretty|gorgeous|hot|sexy|cute|handsome|fit|stunning',
      'i think~|thought about|of you all_the_time|a_lot|every_day|all_day|all_night|constantly',
      'thinking about|of you all_the_time|a_lot|every_day|all_day|all_night',
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
      'home|alone by yourself',
      'parents|mom|dad working|work|out late',
      'how tall|much_do_you_weigh|much_you_weigh|old_do_you_look',
      'what do|did you wear|sleep to|in bed',
      'who are you going with',
      'you home alone|by_yourself',
      'share a room|bed',
      'your own room|bedroom',
      'what kind|type of people|guys|girls|boys|person you go_for|like|are_into',
      'boyfriend girlfriend',
      'dating situation|life',
      'boyfriend or girlfriend',
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
      'send me more',
      'i want to see you',
    ],
  ],
  [
    { type: 'grooming', category: 'gifts or money' },
    [
      'buy|get|send|give you a|an|some|something|money|cash|gift~|present~|phone|new',
      'gift card~',
      'let me get|buy them|it|this|one|that for you',
      'you_are|youre my favorite',
      'my favorite mentee|student|one',
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
      'only us|us_two|us_alone',
      'hang out|get_together us|the_two_of_us|alone',
      'for|only the two of us',
      'where|when should|can|could we meet',
      'swing|stop|come by|over ?to the|my office|house|place|work|apartment',
      'welcome to come|stop|drop over|by',
      'come over',
      'my family|parents|wife|husband|roommate is|are|s out_of_town|away',
      'you a ride|lift',
      'ride|lift home',
      'grab|get|have coffee|lunch|dinner|food|a_bite|ice_cream|boba',
      'drive|take you up|down|there|home|to|myself|this|on',
      'ill|i_will|i_can|i_could drive',
      'stay|staying over|the_night',
      'come say hi',
      'meet you there|at|after|before|outside',
      'take~|took me|you|her|him to lunch|dinner|coffee|the_movies',
      'are|will you gonna|going_to be at the',
      'extra ticket~',
      'come|meet us|me at the mall|park|food_court|game',
      'u|you should come ?by|?over|?to',
    ],
  ],
  [
    { type: 'grooming', category: 'private channel' },
    [
      'text|txt|call|message|msg|dm|snap|facetime|ring|whatsapp|email me instead|directly|privately|at_my|on_my',
      'text|txt|message|msg|dm|snap|facetime|ring me',
      'call me ?back at|on|tonight|later|when|after|sometime|anytime|whenever|tomorrow|if|asap|now|instead|privately',
      'we|can_we|lets text|txt|call|facetime|snap|zoom|skype|chat|talk ?on|?over|?by ?phone|?text instead',
      'add me ?on|?my|?at',
      'gamertag~|gamer_tag|discord_server|private_server|server just|only for',
      `on|over|via|through ${apps} instead|rather`,
      'i can send you * there',
      'download~|got|get|installed ' + apps + ' ?like|?as you|u said|asked',
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
      'my personal|private one|address|account',
      'gets|is monitored|read|watched',
      'talk freely|openly',
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
      'sleep forever|and_never_wake_up|and_not_wake_up',
      'better off|relieved|happier if i wasnt|werent|was_not|was_gone|disappeared|didnt_exist|died',
      'if i wasnt|werent around|here|alive',
      'i have a plan',
      'nothing is|will going_to|gonna|ever get better',
      'cant picture|see|imagine myself|yourself|me * future|there|older|grown_up',
      'long sleeves * hid~|hiding|cover~|nobody|no_one',
      'hide|hiding the marks|scars|cuts|burns',
      'not|never be|going_to_be|gonna_be around|here anymore|much_longer|for_long|anyway',
      'wont|will_not be around|here',
      'goodbye|suicide letter|note',
      'wont|will_not|dont need it|them|this|my_stuff after|anymore',
      'dont|do_not see the point',
      'point anymore',
      'what it would|will|d feel|be like to jump|die|not_exist|be_dead',
      'jump off|from the|a bridge|roof|building|cliff',
      'how many * pills|sleeping_pills * take',
      'nobody|no_one would|will notice|care|miss me',
      'whats|what_is the point of anything|living|trying|it_all|going_on|me',
      'wish i was|were dead|never_born|gone',
      'i hate myself|my_body',
      'long sleeves so|to nobody|no_one|people see~|notice~',
      'been|started|start|keep|stop cutting|burning ?again|?myself',
      'havent|have_not|didnt eat~|eaten * on purpose|for_days|in_days',
      'havent|have_not|didnt eat~|eaten in|for * days|day on purpose',
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
      'he|she|they push~|shov~|threw|choke~|chok~ me',
      'if i tell * hurt|kill|hit',
      'jump me|beat_me_up',
      `my ${kin} * threw|throws|throwing * at me|my|us`,
      'he|she|they gets|get|got|is|are scary|violent|mean|crazy when he|she|they drink~|is_drunk',
      'tells|told|calls|called me im|i_am|that_im worthless|stupid|fat|ugly|a_mistake|a_burden',
      'wish~|wished * never had me',
      'yell~|scream~ at me * every day|night|all_the_time',
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
    ['dont|not feel safe', 'not|isnt safe at|to home|there|go_home', 'kick~|threw me out',
      'kicked|thrown out',
      'where ill|i_will|im_going_to|to go|sleep|stay after|tonight|next',

      'dont|do_not wanna|want_to|want go home',
      'no|not_much|hardly_any|barely_any food at|in home|the_house',
      'not much|no food in|left',
      'the drinking',
      'drinking again',
      'not allowed to eat',
      'took my door',
      'mom|dad|parents|mum hasnt|havent|has_not|have_not been home|back since|in|for',
      'post|share|leak|send * pics|photos|nudes|pictures|videos of me',
      'if i dont|do_not send more|pics|photos|him|her',
      'threaten~ to post|share|leak|send|tell',
 'nowhere|no_where to go|sleep|stay', 'i|im|i_am|gonna|going_to|want_to|wanna|thinking_about|might|should run~ away', 'no food at home'],
  ],
  [
    { type: 'disclosure', category: 'contacted elsewhere' },
    [
      'someone|somebody|a_guy|a_man|an_adult|this_guy|a_stranger|he keep~ messag~|text~|dm~|add~|follow~ me',
      'someone|somebody|a_guy|a_man|an_adult|this_guy|a_stranger messag~|text~|dm~|add~|follow~ me on',
      'older guy|man|boy',
      'keep~ touching me|my',
      'sit on his|her lap',
      'did|does|do stuff|things to me|when_i_was',
      'out of it',
      'dont remember * what happened|most_of_it',
      'make~|made me do stuff|things with',
      'our ?little|?special game',
      'keep~ texting|messaging|calling|dming|snapping me ?late ?at_night',
      'keep~ showing up|following me|following',
      'knows my name|address|school',
      'gave me his|her number',
      'says|said im his|her favorite|special',
      'asked for my number|address|pics|photos',
      'someone|somebody|a_guy|a_man|an_adult|this_guy|a_stranger|he|she * keep~ messag~|text~|dm~|add~|follow~|snap~|call~ me',
    ],
  ],
];

/** One word of a pattern's alternatives, normalized; a stem (`word~`) matches the word and its endings. */
interface Anchor {
  word: string;
  stem: boolean;
}

/** A pattern ready to try where a word starts: the words it can start with, and its expression. */
interface Compiled {
  concept: number;
  anchors: Anchor[];
  /** Sticky: tried at one place only (lastIndex). */
  regex: RegExp;
}

/**
 * One pattern as a regular expression over normalized text (see the syntax above), and the first
 * words it can start with (those of its leading optional words too). Every word is followed by a
 * space, so the text is matched with one space added at its end.
 */
function compile(pattern: string, concept: number): Compiled {
  const anchors: Anchor[] = [];
  let leading = true;
  const parts = pattern.split(' ').map((token) => {
    if (token === '*') {
      if (leading) throw new Error(`a concept pattern cannot start with *: ${pattern}`);
      return '(?:[a-z0-9]+ ){0,4}';
    }
    const optional = token.startsWith('?');
    const alternatives = (optional ? token.slice(1) : token).split('|').map((alt) => {
      const stem = alt.endsWith('~');
      const words = (stem ? alt.slice(0, -1) : alt).split('_').map((w) => normalizeTerm(w));
      if (leading) anchors.push({ word: words[0]!, stem: stem && words.length === 1 });
      return words.join(' ') + (stem ? '[a-z]*' : '');
    });
    if (!optional) leading = false;
    return `(?:(?:${alternatives.join('|')}) )${optional ? '?' : ''}`;
  });
  return { concept, anchors, regex: new RegExp(parts.join(''), 'y') };
}

/**
 * The patterns by the words they start with, as a trie of those words over the normalized text's
 * character codes: from each word of the text, a walk as far as the text follows it (most words leave
 * it at their first or second letter), and only the patterns found are tried there. A stem's patterns
 * hold wherever the walk passes its node; a word's only where the text's word ends there.
 */
interface AnchorNode {
  next: (AnchorNode | undefined)[];
  /** Patterns starting with exactly this word. */
  word: Compiled[];
  /** Patterns starting with a word that begins so (a stem). */
  stem: Compiled[];
}
const anchorNode = (): AnchorNode => ({ next: [], word: [], stem: [] });
const anchors = anchorNode();
patterns.forEach(([, list], concept) => {
  for (const text of list) {
    const pattern = compile(text, concept);
    for (const { word, stem } of pattern.anchors) {
      let node = anchors;
      for (let i = 0; i < word.length; i++) node = node.next[word.charCodeAt(i)] ??= anchorNode();
      const list = stem ? node.stem : node.word;
      if (!list.includes(pattern)) list.push(pattern);
    }
  }
});

/** The patterns that may start at the word of `t` from `at` to `end`. */
function startingAt(t: string, at: number, end: number): Compiled[] {
  let found: Compiled[] | undefined;
  let node: AnchorNode | undefined = anchors;
  for (let i = at; node; i++) {
    if (node.stem.length > 0) found = found ? [...found, ...node.stem] : node.stem;
    if (i === end) {
      if (node.word.length > 0) found = found ? [...found, ...node.word] : node.word;
      break;
    }
    node = node.next[t.charCodeAt(i)];
  }
  return found ?? [];
}

/**
 * Words that add emphasis or hedge and change nothing of what is asked or told ("you dont really need
 * them", "can we just facetime instead", "i havent honestly eaten"): the patterns read the text without them.
 */
const fillerWords = ['really', 'just', 'honestly', 'literally', 'actually', 'kinda', 'lowkey', 'highkey', 'totally', 'basically', 'seriously', 'definitely', 'maybe', 'probably', 'even', 'lol', 'lmao', 'haha', 'tbh', 'ngl', 'fr', 'um', 'uh', 'ok', 'okay'].map(normalizeTerm);
const fillers = new Set(fillerWords);
const anyFiller = new RegExp(`(?:^| )(?:${fillerWords.join('|')})(?= |$)`);

/** The normalized text less its filler words, with the same map back to the original. */
function withoutFillers(n: Normalized): Normalized {
  if (!anyFiller.test(n.text)) return n;
  const kept: string[] = [];
  const index = new Int32Array(n.text.length);
  let length = 0;
  for (let start = 0; start < n.text.length; ) {
    let end = n.text.indexOf(' ', start);
    if (end < 0) end = n.text.length;
    if (!fillers.has(n.text.slice(start, end))) {
      const stop = Math.min(end + 1, n.text.length);
      index.set(n.index instanceof Int32Array ? n.index.subarray(start, stop) : Array.from({ length: stop - start }, (_, i) => n.index[start + i]!), length);
      length += stop - start;
      kept.push(n.text.slice(start, stop));
    }
    start = end + 1;
  }
  return { text: kept.join(''), index: index.subarray(0, length) };
}

/** Whose words these are: the same words weigh more from an adult to a child. */
export type SenderRole = 'mentor' | 'protege';

/**
 * Grooming and disclosure flags in a text. Urgent, but for words a protégé says of themselves about
 * the mentor's side (a compliment or a personal question from a protégé is review), and for a
 * "disclosure" in a mentor's words (an adult telling of their own past is review).
 */
export function findConcepts(text: string, senderRole?: SenderRole, normalized: Normalized = normalize(text)): Flag[] {
  const n = withoutFillers(normalized);
  const padded = `${n.text} `;
  const back = (start: number, end: number): Span => ({ start: n.index[start] ?? 0, end: end > start ? (n.index[end - 1] ?? text.length - 1) + 1 : (n.index[start] ?? 0) });
  // Each concept's matches: at each word, the longest match of the patterns that may start there.
  const found = patterns.map((): Span[] => []);
  for (let at = 0; at < n.text.length; ) {
    const end = padded.indexOf(' ', at);
    const candidates = startingAt(padded, at, end);
    if (candidates.length > 0) {
      const longest = new Map<number, number>();
      for (const p of candidates) {
        p.regex.lastIndex = at;
        const m = p.regex.exec(padded);
        if (m && m[0].length > (longest.get(p.concept) ?? 0)) longest.set(p.concept, m[0].length);
      }
      for (const [concept, length] of longest) found[concept]!.push(back(at, at + length - 1));
    }
    at = end + 1;
  }
  const flags: Flag[] = [];
  patterns.forEach(([concept], i) => {
    const spans = found[i]!;
    if (spans.length === 0) return;
    // In order of start (as found); a match inside the one before it is the same words again.
    const merged = spans.filter((s, k) => k === 0 || s.start >= spans[k - 1]!.end);
    const mild = (concept.type === 'disclosure' && senderRole === 'mentor') || (concept.type === 'grooming' && senderRole === 'protege' && (concept.category === 'flattery' || concept.category === 'personal questions'));
    flags.push({
      type: concept.type,
      severity: mild ? 'review' : 'urgent',
      excerpt: excerptOf(text, merged[0]!),
      spans: merged,
      category: concept.category,
      detail: concept.type === 'grooming' ? `grooming: ${concept.category}` : `disclosure: ${concept.category}`,
    });
  });
  return flags;
}
