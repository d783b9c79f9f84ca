/**
 * Street addresses for the synthetic world: each person has one home (street, house
 * number, postcode in their country's shape, their city), and each source record types
 * it its own way — an abbreviated street type (Road → Rd, straße → str.), two letters
 * swapped, a postcode without its space or in lower case, or a part left out — so the
 * demo's identity matching meets addresses as real CRMs and email tools hold them.
 *
 * Both are derived from the person and the record's own key on streams of their own,
 * so adding addresses changes no other value the world generates for a seed.
 *
 * @example
 * ```ts
 * const home = homeAddressOf(person);              // { street: '48 Station Road', city: 'Leeds', postcode: 'LS7 2QH' }
 * const typed = typedAddress(home, 'hubspot:1000041'); // e.g. { street: '48 Station Rd', city: 'Leeds', postcode: 'LS72QH' }
 * ```
 */
import { Rng } from './random.js';
import type { Person } from './types.js';

export interface Address {
  readonly street: string | null;
  readonly city: string | null;
  readonly postcode: string | null;
}

const ENGLISH_NAMES = ['Station', 'Church', 'Victoria', 'Park', 'Mill', 'Maple', 'Oak', 'Cedar', 'King', 'Queen', 'Highfield', 'Elm', 'Albert', 'Windsor', 'Lake', 'Hill'];
const ENGLISH_TYPES = ['Road', 'Street', 'Avenue', 'Lane', 'Drive'];
const GERMAN_NAMES = ['Linden', 'Haupt', 'Schiller', 'Goethe', 'Garten', 'Berg', 'Bahnhof', 'Kirch', 'Wald', 'Rosen'];
const FRENCH_NAMES = ['de la Paix', 'Victor Hugo', 'du Moulin', 'de la République', 'Pasteur', 'des Lilas', 'Jean Jaurès', 'du Château'];
const DUTCH_NAMES = ['Kerk', 'Molen', 'Dorp', 'School', 'Linden', 'Beuken', 'Wilhelmina', 'Juliana'];

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXY';

/** The person's home, the same in every source (before each source types it). */
export function homeAddressOf(person: Person): Required<{ [K in keyof Address]: string }> {
  const rng = new Rng(`home:${person.personId}:${person.firstName}:${person.lastName}:${person.city}`);
  const n = String(rng.int(1, 180));
  const letter = () => LETTERS[rng.int(0, LETTERS.length - 1)]!;
  const digits = (k: number) => Array.from({ length: k }, () => String(rng.int(0, 9))).join('');
  switch (person.country) {
    case 'DE':
      return { street: `${rng.pick(GERMAN_NAMES)}straße ${n}`, city: person.city, postcode: `${rng.int(1, 9)}${digits(4)}` };
    case 'FR':
      return { street: `${n} rue ${rng.pick(FRENCH_NAMES)}`, city: person.city, postcode: `${rng.int(1, 9)}${digits(4)}` };
    case 'NL':
      return { street: `${rng.pick(DUTCH_NAMES)}straat ${n}`, city: person.city, postcode: `${rng.int(1, 9)}${digits(3)} ${letter()}${letter()}` };
    case 'GB':
      return { street: `${n} ${rng.pick(ENGLISH_NAMES)} ${rng.pick(ENGLISH_TYPES)}`, city: person.city, postcode: `${letter()}${letter()}${rng.int(1, 20)} ${rng.int(1, 9)}${letter()}${letter()}` };
    case 'CA':
      return { street: `${n} ${rng.pick(ENGLISH_NAMES)} ${rng.pick(ENGLISH_TYPES)}`, city: person.city, postcode: `${letter()}${rng.int(0, 9)}${letter()} ${rng.int(0, 9)}${letter()}${rng.int(0, 9)}` };
    case 'IE':
      return { street: `${n} ${rng.pick(ENGLISH_NAMES)} ${rng.pick(ENGLISH_TYPES)}`, city: person.city, postcode: `${letter()}${digits(2)} ${letter()}${digits(3)}` };
    case 'AU':
      return { street: `${n} ${rng.pick(ENGLISH_NAMES)} ${rng.pick(ENGLISH_TYPES)}`, city: person.city, postcode: `${rng.int(2, 7)}${digits(3)}` };
    default:
      return { street: `${n} ${rng.pick(ENGLISH_NAMES)} ${rng.pick(ENGLISH_TYPES)}`, city: person.city, postcode: `${rng.int(1, 9)}${digits(4)}` };
  }
}

const ABBREVIATIONS: readonly (readonly [RegExp, string])[] = [
  [/ Road$/, ' Rd'],
  [/ Street$/, ' St.'],
  [/ Avenue$/, ' Ave'],
  [/ Lane$/, ' Ln'],
  [/ Drive$/, ' Dr'],
  [/straße /, 'str. '],
  [/straat /, 'str. '],
  [/^(\d+) rue /, '$1, Rue '],
];

/**
 * `home` as one source record (`recordKey`, unique per record) holds it: the street
 * abbreviated (~25 %), two adjacent letters of it swapped (~5 %), the postcode without
 * its space or in lower case (~10 %), the street (~15 %), postcode (~10 %) or city (~5 %)
 * left out.
 */
export function typedAddress(home: Required<{ [K in keyof Address]: string }>, recordKey: string): Address {
  const rng = new Rng(`typed-address:${recordKey}`);
  let street: string | null = home.street;
  if (rng.chance(0.25)) street = ABBREVIATIONS.reduce((s, [from, to]) => s.replace(from, to), street);
  if (rng.chance(0.05)) street = swapTwoLetters(street, rng);
  let postcode: string | null = home.postcode;
  if (rng.chance(0.1)) postcode = rng.chance(0.5) ? postcode.replace(' ', '') : postcode.toLowerCase();
  if (rng.chance(0.15)) street = null;
  if (rng.chance(0.1)) postcode = null;
  const city = rng.chance(0.05) ? null : home.city;
  return { street, city, postcode };
}

function swapTwoLetters(text: string, rng: Rng): string {
  const positions = [...text].flatMap((ch, i) => (i + 1 < text.length && /\p{L}/u.test(ch) && /\p{L}/u.test(text[i + 1]!) ? [i] : []));
  if (positions.length === 0) return text;
  const i = rng.pick(positions);
  return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
}
