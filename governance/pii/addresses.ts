/**
 * Street lines and postcodes. A street line is a house number and street words in
 * either order ('221B Baker Street', 'Hauptstraße 5', '12 rue de la Paix', 'Rua das
 * Flores, 123'); a street-type word in the common languages makes it convincing. A
 * postcode's shape depends on the country: 'SW1A 1AA' or '1012 AB' or '01310-100' is
 * telling on its own, five bare digits only next to a column name that says postcode.
 */

/** Street types (English USPS suffixes and their continental counterparts), lower case, no trailing 's'. */
const STREET_WORDS = new Set(
  `street st road rd avenue ave av lane ln drive dr court ct place pl boulevard blvd way terrace tce crescent cres close parade highway hwy
   circle cir circuit square sq trail parkway pkwy row walk mews grove garden heights hill view crossing crossroad ramp summit alley bend
   bridge brook bypass causeway center centre cove creek crest curve dale estate expressway extension fall ferry field flat ford forest fork
   freeway gateway glen green harbor harbour haven highland hollow island junction knoll landing light loop mall manor meadow mill motorway
   orchard oval park pass path pike plaza point port ranch ridge river route run shore spring station stravenue stream track trafficway
   tunnel turnpike underpass valley viaduct vista wall well wharf
   straße strasse str weg allee platz gasse ring damm ufer chaussee steig pfad markt
   rue avenue bd chemin allée allee impasse quai cours voie passage parvis faubourg
   calle avenida plaza paseo camino carrera travesía ronda
   via viale piazza corso contrada vicolo largo strada piazzale
   rua travessa rodovia alameda praça praca estrada quadra vila marginal
   straat laan plein gracht kade dijk singel pad hof
   ul ulica al aleja os osiedle bulw vej gade gata gatan vagen väg vei veien tie katu kuja polku trida třída namesti náměstí nabrezi`.split(/\s+/),
);

/** Compound street names ('Bahnhofstraße', 'Kerkstraat', 'Mexdijk') end with one of these. */
const STREET_ENDINGS = /(straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|straat|laan|plein|gracht|kade|dijk|singel|steeg|vej|gade|gata|gatan|vägen|vagen|veien|veg|tie|katu|kuja|polku|linja|kaari|ntie)$/i;

const HOUSE_NUMBER = String.raw`\d{1,5}(?:\s?[a-zA-Z]{1,2}\b|\s?(?:bis|ter))?(?:[-/]\d{1,4}[a-zA-Z]?)?`;
const UNIT = String.raw`(?:(?:flat|apt\.?|apartment|unit|suite|ste\.?|wohnung|appartement|apto\.?|piso)\s*[\w-]+,?\s+)?`;
const NUMBER_FIRST = new RegExp(String.raw`^${UNIT}${HOUSE_NUMBER},?\s+[\p{L}][\p{L}'’.-]*(?:\s+[\p{L}'’.-]+){0,5}(?:,.*)?$`, 'iu');
const NUMBER_LAST = new RegExp(String.raw`^${UNIT}[\p{L}][\p{L}'’.-]*(?:\s+[\p{L}'’.-]+){0,5},?\s+(?:n[º°o]\.?\s*)?${HOUSE_NUMBER}(?:\s+[\p{L}\d]{1,3})?(?:,.*)?$`, 'iu');

export type StreetLook = 'street' | 'shaped' | undefined;

/**
 * 'street' for a house number with a street-type word, 'shaped' for a house number and
 * words only ('Domblick 62c'), undefined otherwise.
 */
export function streetLook(value: string): StreetLook {
  const v = value.trim();
  if (v.length < 4 || v.length > 120 || /@|https?:/.test(v)) return undefined;
  const hasWord = (): boolean =>
    v
      .toLowerCase()
      .split(/[\s,]+/)
      .some((w) => {
        const bare = w.replace(/\.$/, '');
        return STREET_WORDS.has(bare) || STREET_WORDS.has(bare.replace(/s$/, '')) || STREET_ENDINGS.test(w) || STREET_ENDINGS.test(bare);
      });
  if (NUMBER_FIRST.test(v) || NUMBER_LAST.test(v)) return hasWord() ? 'street' : 'shaped';
  return undefined;
}

/** Street words without a number ('tullaroop street'): an address line once the column's name says so. */
export function mentionsStreet(value: string): boolean {
  return value
    .toLowerCase()
    .split(/[\s,]+/)
    .some((w) => STREET_WORDS.has(w.replace(/\.$/, '')) || STREET_ENDINGS.test(w));
}

/** Postcode formats distinctive enough to stand without a column name. */
const TELLING_POSTCODES: readonly RegExp[] = [
  /^(GIR 0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$/i, // UK
  /^\d{4} ?[A-Z]{2}$/, // NL
  /^\d{5}-\d{3}$/, // BR (CEP)
  /^\d{5}-\d{4}$/, // US ZIP+4
  /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/i, // CA
  /^\d{3}-\d{4}$/, // JP
  /^\d{2}-\d{3}$/, // PL
  /^\d{4}-\d{3}$/, // PT
  /^[1-9]\d{2} \d{2}$/, // SE, CZ, SK, GR
  /^([AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}$/i, // IE (Eircode)
];

/** Bare-digit postcodes (US, DE, FR, IT, ES 5; IN 6; AU, AT, CH, BE, DK 4; BR 8). */
const DIGIT_POSTCODE = /^\d{4,6}$|^\d{8}$/;

/** 'telling' for a distinctive postcode, 'digits' for one that is only digits of a postcode's length. */
export function postcodeLook(value: string): 'telling' | 'digits' | undefined {
  const v = value.trim();
  if (TELLING_POSTCODES.some((r) => r.test(v))) return 'telling';
  return DIGIT_POSTCODE.test(v) ? 'digits' : undefined;
}
