/**
 * Free text as people type it into notes, tickets and survey boxes: mostly harmless, but a
 * share of the rows carry the writer's email, phone number or name — which is why such a
 * column is `free_text`. Product copy (written by the company, never about a person) is
 * the look-alike that is not personal.
 */
import type { Rng } from '../lib/labelled-pii-set.js';

export type Lang = 'en' | 'fr' | 'es' | 'it' | 'nl' | 'ko';

interface Contact {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
}

const PLAIN: Record<Lang, string[]> = {
  en: [
    'Please leave the parcel with the neighbour if nobody is home.',
    'Customer asked about the refund timeline, explained 5-7 working days.',
    'Wrong size delivered, exchange requested.',
    'Called twice, no answer. Will try again tomorrow morning.',
    'Item arrived damaged, photos attached to the ticket.',
    'Gift wrap please, it is a birthday present.',
    'Rear bumper scratched in the car park, other driver left.',
    'Wants to upgrade to the annual plan but only after the trial ends.',
    'Complained about the hold time, offered a voucher.',
    'Ring the bell twice, the intercom is broken.',
  ],
  fr: [
    'Le colis est arrivé abîmé, je souhaite un remboursement.',
    'Je n’arrive pas à me connecter à mon compte depuis hier.',
    'La facture ne correspond pas à ma commande.',
    'Merci de modifier l’adresse de livraison avant l’expédition.',
    'Produit conforme mais livraison très en retard.',
    'Impossible d’appliquer le code promo au panier.',
  ],
  es: [
    'Necesito factura a nombre de la empresa.',
    '¿Habrá parking en el recinto?',
    'Llegaré tarde a la primera sesión.',
    'Soy celíaco, por favor tenerlo en cuenta en el catering.',
    'Me interesa el taller de la tarde.',
  ],
  it: [
    'Spedizione veloce, prodotto ottimo.',
    'Il servizio clienti non ha mai risposto alla mia email.',
    'Prezzi un po’ alti rispetto alla concorrenza.',
    'Vorrei più taglie disponibili.',
    'Tutto perfetto, tornerò sicuramente.',
    'L’app si blocca quando provo a pagare.',
  ],
  nl: [
    'Controle na operatie knie.',
    'Klachten lage rug sinds drie weken.',
    'Herhaalrecept bloeddrukmedicatie.',
    'Griepprik.',
    'Uitslag bloedonderzoek bespreken.',
    'Wondcontrole en hechtingen verwijderen.',
  ],
  ko: ['문 앞에 놓아주세요', '경비실에 맡겨주세요', '배송 전 연락 바랍니다', '부재 시 택배함에 넣어주세요', '빠른 배송 부탁드립니다'],
};

const WITH_CONTACT: Record<Lang, ((c: Contact) => string)[]> = {
  en: [
    (c) => `Please call me back on ${c.phone}, I am out during the day.`,
    (c) => `Send the invoice to ${c.email} instead of the account address.`,
    (c) => `${c.name} called about order status, reach on ${c.phone}.`,
    (c) => `Customer says the email on file is wrong, new one: ${c.email}`,
  ],
  fr: [
    (c) => `Vous pouvez me joindre au ${c.phone} après 18h.`,
    (c) => `Merci de répondre à ${c.email}, l’autre adresse ne fonctionne plus.`,
    (c) => `Bonjour, ici ${c.name}. Ma commande n’est jamais arrivée.`,
  ],
  es: [(c) => `Contactar a ${c.name} en el ${c.phone} para la factura.`, (c) => `Por favor enviar la entrada a ${c.email}.`],
  it: [(c) => `Potete ricontattarmi al ${c.phone}.`, (c) => `Scrivetemi a ${c.email} per il rimborso.`],
  nl: [(c) => `Terugbellen op ${c.phone} voor uitslag.`, (c) => `Verwezen door huisarts, contact via ${c.email}.`],
  ko: [(c) => `도착 전 ${c.phone} 로 연락주세요`, (c) => `부재 시 ${c.name} 에게 전달해 주세요`],
};

export function note(r: Rng, lang: Lang, c: Contact, personalShare = 0.3): string {
  return r.chance(personalShare) ? r.pick(WITH_CONTACT[lang])(c) : r.pick(PLAIN[lang]);
}

const ADJ = ['Organic', 'Slim-fit', 'Waterproof', 'Recycled', 'Hand-made', 'Wireless', 'Stainless', 'Lightweight', 'Vintage', 'Premium'];
const NOUN = ['cotton T-shirt', 'running jacket', 'water bottle', 'leather wallet', 'ceramic mug', 'yoga mat', 'desk lamp', 'backpack', 'linen shirt', 'wool scarf'];
const DETAIL = ['in navy', 'with a lifetime guarantee', 'for everyday use', 'made in Portugal', 'size M', '500 ml', 'with USB-C charging', 'pack of 2'];

export function productDescription(r: Rng): string {
  return `${r.pick(ADJ)} ${r.pick(NOUN)} ${r.pick(DETAIL)}`;
}

export function productName(r: Rng): string {
  return `${r.pick(ADJ)} ${r.pick(NOUN)}`;
}
