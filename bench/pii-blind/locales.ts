/**
 * Per-country people and places for the blind set: name lists (in the local script where the
 * country writes names in one), street layouts, postcodes, phone numbering plans and email
 * providers. Written for this set only, so it shares nothing with the other labelled sets.
 */
import type { Rng } from '../lib/labelled-pii-set.js';

export type Country = 'US' | 'GB' | 'DE' | 'FR' | 'ES' | 'IT' | 'NL' | 'BR' | 'IN' | 'JP' | 'KR' | 'CN' | 'PL' | 'SE' | 'ZA' | 'AU';

/** A name as written locally and as romanised (for the email address). */
interface Name {
  readonly local: string;
  readonly latin: string;
  readonly kana?: string;
}

export interface Person {
  readonly country: Country;
  readonly sex: 'm' | 'f';
  readonly first: Name;
  readonly last: Name;
  readonly birth: Date;
  readonly email: string;
}

const plain = (list: string): Name[] => list.split(',').map((s) => ({ local: s.trim(), latin: s.trim() }));
const pairs = (list: string): Name[] =>
  list.split(',').map((s) => {
    const [local, latin, kana] = s.trim().split(':');
    return { local: local!, latin: latin!, kana };
  });

interface NameBook {
  readonly m: Name[];
  readonly f: Name[];
  /** Surnames; Polish ones have a feminine form after a slash. */
  readonly last: Name[];
}

const BOOKS: Record<Country, NameBook> = {
  US: {
    m: plain('James,Michael,Robert,David,William,Joseph,Christopher,Daniel,Matthew,Anthony,Kevin,Brian,Jason,Tyler,Marcus,DeShawn'),
    f: plain('Mary,Jennifer,Linda,Patricia,Elizabeth,Jessica,Sarah,Karen,Ashley,Emily,Megan,Rachel,Nicole,Tiffany,Brianna,Latoya'),
    last: plain("Smith,Johnson,Williams,Brown,Jones,Garcia,Miller,Davis,Rodriguez,Martinez,Hernandez,Lopez,Wilson,Anderson,Thomas,Taylor,Moore,Jackson,Lee,Thompson,Harris,Clark,Lewis,Walker,Young,Nguyen,Patel,Kim,O'Brien,Washington"),
  },
  GB: {
    m: plain('Oliver,Harry,George,Jack,Charlie,Thomas,Alfie,Oscar,Callum,Rhys,Liam,Alistair,Graham,Nigel,Stuart'),
    f: plain('Olivia,Amelia,Isla,Ava,Emily,Sophie,Grace,Chloe,Lucy,Charlotte,Hannah,Eleanor,Fiona,Siobhan,Gemma'),
    last: plain('Smith,Jones,Taylor,Brown,Williams,Wilson,Johnson,Davies,Robinson,Wright,Thompson,Evans,Walker,White,Roberts,Green,Hall,Wood,Jackson,Clarke,Hughes,Edwards,Patel,Khan,McDonald,Fletcher,Ashworth,Pemberton'),
  },
  DE: {
    m: plain('Lukas,Leon,Finn,Jonas,Maximilian,Felix,Paul,Jürgen,Uwe,Thorsten,Matthias,Stefan,Klaus,Dieter,Niklas'),
    f: plain('Anna,Lena,Lea,Sophie,Marie,Hannah,Johanna,Ursula,Sabine,Petra,Birgit,Katrin,Jana,Franziska,Mia'),
    last: plain('Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schulz,Hoffmann,Schäfer,Koch,Bauer,Richter,Klein,Wolf,Schröder,Neumann,Schwarz,Zimmermann,Braun,Krüger,Hofmann,Hartmann,Lange,Weiß,Köhler,Groß'),
  },
  FR: {
    m: plain('Jean,Pierre,Michel,Philippe,Nicolas,Julien,Thomas,Antoine,Mathieu,Sébastien,Hugo,Lucas,Théo,Guillaume,Rémi,Jean-Luc'),
    f: plain('Marie,Nathalie,Isabelle,Sylvie,Catherine,Camille,Léa,Manon,Chloé,Émilie,Aurélie,Céline,Élodie,Inès,Margaux,Anne-Sophie'),
    last: plain('Martin,Bernard,Dubois,Thomas,Robert,Richard,Petit,Durand,Leroy,Moreau,Simon,Laurent,Lefèbvre,Michel,Garcia,David,Bertrand,Roux,Vincent,Fournier,Morel,Girard,André,Mercier,Dupont,Lambert,Bonnet,Fontaine,Chevalier'),
  },
  ES: {
    m: plain('Antonio,José,Manuel,Francisco,David,Juan,Javier,Daniel,Carlos,Alejandro,Miguel,Pablo,Sergio,Álvaro,Íñigo'),
    f: plain('María,Carmen,Ana,Isabel,Laura,Cristina,Marta,Lucía,Elena,Paula,Sara,Nerea,Rocío,Pilar,Begoña'),
    last: plain('García,Rodríguez,González,Fernández,López,Martínez,Sánchez,Pérez,Gómez,Martín,Jiménez,Ruiz,Hernández,Díaz,Moreno,Muñoz,Álvarez,Romero,Alonso,Gutiérrez,Navarro,Torres,Domínguez,Vázquez,Ramos,Gil,Serrano,Blanco,Ortega,Castillo'),
  },
  IT: {
    m: plain('Giuseppe,Giovanni,Antonio,Mario,Luigi,Francesco,Alessandro,Lorenzo,Matteo,Andrea,Marco,Davide,Riccardo,Stefano,Paolo'),
    f: plain('Maria,Anna,Giulia,Francesca,Chiara,Sara,Martina,Valentina,Alessia,Federica,Elena,Silvia,Laura,Giorgia,Beatrice'),
    last: plain('Rossi,Russo,Ferrari,Esposito,Bianchi,Romano,Colombo,Ricci,Marino,Greco,Bruno,Gallo,Conti,De Luca,Mancini,Costa,Giordano,Rizzo,Lombardi,Moretti,Barbieri,Fontana,Santoro,Mariani,Rinaldi,Caruso'),
  },
  NL: {
    m: plain('Jan,Pieter,Kees,Henk,Sander,Daan,Bram,Sem,Thijs,Ruud,Joost,Maarten,Wouter,Gijs,Lars'),
    f: plain('Anna,Emma,Sanne,Lotte,Fleur,Femke,Anouk,Marieke,Ingrid,Els,Saskia,Noor,Lieke,Roos,Eva'),
    last: plain('de Jong,Jansen,de Vries,van den Berg,van Dijk,Bakker,Janssen,Visser,Smit,Meijer,de Boer,Mulder,de Groot,Bos,Vos,Peters,Hendriks,van Leeuwen,Dekker,Brouwer,de Wit,Dijkstra,Smits,de Graaf,van der Meer'),
  },
  BR: {
    m: plain('João,Pedro,Lucas,Gabriel,Matheus,Rafael,Gustavo,Felipe,Bruno,Thiago,Rodrigo,Leonardo,Vinícius,Caio,Diego'),
    f: plain('Ana,Maria,Juliana,Fernanda,Camila,Beatriz,Larissa,Letícia,Amanda,Bruna,Gabriela,Mariana,Patrícia,Aline,Luana'),
    last: plain('Silva,Santos,Oliveira,Souza,Rodrigues,Ferreira,Alves,Pereira,Lima,Gomes,Costa,Ribeiro,Martins,Carvalho,Almeida,Lopes,Soares,Fernandes,Vieira,Barbosa,Rocha,Dias,Nascimento,Andrade,Moreira,Cavalcanti'),
  },
  IN: {
    m: plain('Rahul,Amit,Rohit,Vikram,Arjun,Suresh,Rajesh,Sanjay,Anil,Karthik,Pradeep,Aditya,Manoj,Deepak,Venkatesh'),
    f: plain('Priya,Anjali,Pooja,Sneha,Kavya,Lakshmi,Divya,Neha,Swati,Meera,Deepika,Aishwarya,Shalini,Ritu,Nandini'),
    last: plain('Sharma,Verma,Gupta,Singh,Kumar,Patel,Reddy,Iyer,Nair,Rao,Joshi,Mehta,Chatterjee,Banerjee,Das,Mishra,Pillai,Menon,Agarwal,Shah,Bhat,Naidu,Kulkarni,Desai,Chopra'),
  },
  JP: {
    m: pairs('太郎:Taro:タロウ,健太:Kenta:ケンタ,翔太:Shota:ショウタ,大輔:Daisuke:ダイスケ,拓也:Takuya:タクヤ,直樹:Naoki:ナオキ,浩二:Koji:コウジ,誠:Makoto:マコト,蓮:Ren:レン,悠人:Yuto:ユウト,隆:Takashi:タカシ,健一:Kenichi:ケンイチ'),
    f: pairs('花子:Hanako:ハナコ,陽子:Yoko:ヨウコ,美咲:Misaki:ミサキ,由美:Yumi:ユミ,恵:Megumi:メグミ,愛:Ai:アイ,さくら:Sakura:サクラ,結衣:Yui:ユイ,真由美:Mayumi:マユミ,彩:Aya:アヤ,裕子:Yuko:ユウコ,奈々:Nana:ナナ'),
    last: pairs('佐藤:Sato:サトウ,鈴木:Suzuki:スズキ,高橋:Takahashi:タカハシ,田中:Tanaka:タナカ,伊藤:Ito:イトウ,渡辺:Watanabe:ワタナベ,山本:Yamamoto:ヤマモト,中村:Nakamura:ナカムラ,小林:Kobayashi:コバヤシ,加藤:Kato:カトウ,吉田:Yoshida:ヨシダ,山田:Yamada:ヤマダ,佐々木:Sasaki:ササキ,山口:Yamaguchi:ヤマグチ,松本:Matsumoto:マツモト,井上:Inoue:イノウエ,木村:Kimura:キムラ,清水:Shimizu:シミズ'),
  },
  KR: {
    m: pairs('민준:Minjun,서준:Seojun,도윤:Doyoon,지호:Jiho,현우:Hyunwoo,성민:Sungmin,준혁:Junhyuk,동현:Donghyun,재원:Jaewon,영수:Youngsoo'),
    f: pairs('서연:Seoyeon,지민:Jimin,수빈:Subin,하은:Haeun,지은:Jieun,민지:Minji,예린:Yerin,수진:Sujin,은지:Eunji,혜진:Hyejin'),
    last: pairs('김:Kim,이:Lee,박:Park,최:Choi,정:Jung,강:Kang,조:Cho,윤:Yoon,장:Jang,임:Lim,한:Han,오:Oh,서:Seo,신:Shin'),
  },
  CN: {
    m: pairs('伟:Wei,强:Qiang,磊:Lei,军:Jun,洋:Yang,勇:Yong,杰:Jie,浩然:Haoran,子轩:Zixuan,建华:Jianhua,志强:Zhiqiang'),
    f: pairs('芳:Fang,娜:Na,敏:Min,静:Jing,丽:Li,秀英:Xiuying,婷:Ting,雪:Xue,欣怡:Xinyi,梓涵:Zihan,佳琪:Jiaqi'),
    last: pairs('王:Wang,李:Li,张:Zhang,刘:Liu,陈:Chen,杨:Yang,黄:Huang,赵:Zhao,吴:Wu,周:Zhou,徐:Xu,孙:Sun,马:Ma,朱:Zhu,胡:Hu,郭:Guo'),
  },
  PL: {
    m: plain('Piotr,Krzysztof,Andrzej,Tomasz,Paweł,Michał,Marcin,Jakub,Łukasz,Grzegorz,Wojciech,Mateusz,Kamil,Bartosz,Szymon'),
    f: plain('Anna,Maria,Katarzyna,Małgorzata,Agnieszka,Barbara,Ewa,Magdalena,Joanna,Aleksandra,Zofia,Monika,Natalia,Justyna,Weronika'),
    last: plain('Nowak,Kowalski/Kowalska,Wiśniewski/Wiśniewska,Wójcik,Kowalczyk,Kamiński/Kamińska,Lewandowski/Lewandowska,Zieliński/Zielińska,Szymański/Szymańska,Woźniak,Dąbrowski/Dąbrowska,Kozłowski/Kozłowska,Jankowski/Jankowska,Mazur,Krawczyk,Grabowski/Grabowska,Pawłowski/Pawłowska,Michalski/Michalska'),
  },
  SE: {
    m: plain('Erik,Lars,Karl,Anders,Johan,Per,Nils,Lennart,Mikael,Oskar,Hugo,Axel,Björn,Gustav,Sven'),
    f: plain('Maria,Anna,Margareta,Elisabeth,Eva,Kristina,Birgitta,Karin,Ingrid,Astrid,Saga,Ebba,Linnéa,Maja,Sofia'),
    last: plain('Andersson,Johansson,Karlsson,Nilsson,Eriksson,Larsson,Olsson,Persson,Svensson,Gustafsson,Pettersson,Jonsson,Jansson,Hansson,Bengtsson,Lindberg,Lindström,Åberg,Sjöberg,Ström,Lundqvist,Holm'),
  },
  ZA: {
    m: plain('Thabo,Sipho,Themba,Bongani,Johan,Pieter,Kagiso,Lwazi,Mandla,Tshepo,Andile,Riaan,Sizwe,Jacques,Lungile'),
    f: plain('Nomvula,Thandiwe,Lerato,Naledi,Zanele,Ayanda,Palesa,Anele,Marietjie,Annelie,Busisiwe,Nokuthula,Refilwe,Precious,Karabo'),
    last: plain('Nkosi,Dlamini,Ndlovu,Khumalo,Mokoena,Mahlangu,Botha,van der Merwe,Naidoo,Pillay,Mthembu,Zulu,Molefe,Venter,Pretorius,Coetzee,Govender,Sithole,Mabaso,Nel'),
  },
  AU: {
    m: plain('Jack,William,Noah,Lachlan,Cooper,Riley,Mitchell,Brodie,Hamish,Darcy,Bradley,Shane,Jayden,Kai,Flynn'),
    f: plain('Charlotte,Olivia,Mia,Matilda,Ruby,Isla,Zoe,Chloe,Kirra,Tahlia,Jessica,Brooke,Sienna,Madison,Georgia'),
    last: plain("Smith,Jones,Williams,Brown,Wilson,Taylor,Nguyen,Johnson,Martin,White,Anderson,Walker,Thompson,Kelly,Ryan,Murphy,O'Connor,Mitchell,Campbell,Tran,Papadopoulos,Rossi,Chen"),
  },
};

const MAIL: Record<Country, string[]> = {
  US: ['gmail.com', 'yahoo.com', 'outlook.com', 'aol.com', 'icloud.com', 'comcast.net'],
  GB: ['gmail.com', 'btinternet.com', 'hotmail.co.uk', 'yahoo.co.uk', 'sky.com'],
  DE: ['web.de', 'gmx.de', 't-online.de', 'gmail.com', 'posteo.de'],
  FR: ['orange.fr', 'free.fr', 'laposte.net', 'gmail.com', 'sfr.fr'],
  ES: ['gmail.com', 'hotmail.es', 'telefonica.net', 'yahoo.es'],
  IT: ['libero.it', 'virgilio.it', 'gmail.com', 'tiscali.it', 'alice.it'],
  NL: ['ziggo.nl', 'kpnmail.nl', 'gmail.com', 'hotmail.nl', 'xs4all.nl'],
  BR: ['gmail.com', 'uol.com.br', 'bol.com.br', 'hotmail.com', 'terra.com.br'],
  IN: ['gmail.com', 'rediffmail.com', 'yahoo.co.in', 'outlook.com'],
  JP: ['yahoo.co.jp', 'docomo.ne.jp', 'gmail.com', 'ezweb.ne.jp', 'nifty.com'],
  KR: ['naver.com', 'daum.net', 'gmail.com', 'hanmail.net', 'kakao.com'],
  CN: ['qq.com', '163.com', '126.com', 'sina.com', 'foxmail.com'],
  PL: ['wp.pl', 'onet.pl', 'interia.pl', 'gmail.com', 'o2.pl'],
  SE: ['telia.com', 'gmail.com', 'hotmail.se', 'bredband.net', 'spray.se'],
  ZA: ['gmail.com', 'mweb.co.za', 'telkomsa.net', 'webmail.co.za', 'vodamail.co.za'],
  AU: ['bigpond.com', 'gmail.com', 'optusnet.com.au', 'outlook.com.au', 'iinet.net.au'],
};

const ascii = (s: string): string =>
  s
    .replace(/ß/g, 'ss')
    .replace(/[łŁ]/g, 'l')
    .normalize('NFD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();

/** Reference day of the set: ages and "recent" dates are measured from it. */
export const TODAY = Date.UTC(2024, 5, 1);

export function makePerson(r: Rng, country: Country): Person {
  const book = BOOKS[country];
  const sex = r.chance(0.5) ? 'm' : 'f';
  const first = r.pick(sex === 'm' ? book.m : book.f);
  const rawLast = r.pick(book.last);
  // Polish surnames are written "masculine/feminine"; every other book has one form.
  const gendered = (s: string): string => {
    const [m, f] = s.split('/');
    return sex === 'f' && f ? f : m!;
  };
  const last = { ...rawLast, local: gendered(rawLast.local), latin: gendered(rawLast.latin) };
  const age = r.int(18, 88);
  const birth = new Date(TODAY - (age * 365.25 + r.int(0, 364)) * 86_400_000);
  birth.setUTCHours(0, 0, 0, 0);
  const f = ascii(first.latin);
  const l = ascii(last.latin);
  const user = r.pick([`${f}.${l}`, `${f}${l}`, `${f[0]}${l}`, `${f}_${l}${r.int(1, 99)}`, `${l}.${f}`, `${f}${r.int(1960, 2005)}`, `${l}${f[0]}${r.int(1, 9)}`]);
  return { country, sex, first, last, birth, email: `${user}@${r.pick(MAIL[country])}` };
}

export function ageOf(p: Person): number {
  return Math.floor((TODAY - p.birth.getTime()) / (365.25 * 86_400_000));
}

/** The full name the way the country writes it (family name first in East Asia, no space in CN). */
export function fullName(p: Person): string {
  if (p.country === 'CN') return p.last.local + p.first.local;
  if (p.country === 'JP' || p.country === 'KR') return p.country === 'KR' ? p.last.local + p.first.local : `${p.last.local} ${p.first.local}`;
  return `${p.first.local} ${p.last.local}`;
}

export function firstName(p: Person): string {
  return p.first.local;
}
export function lastName(p: Person): string {
  return p.last.local;
}
export function kanaName(p: Person): string {
  return `${p.last.kana ?? p.last.latin} ${p.first.kana ?? p.first.latin}`;
}
export function latinName(p: Person): string {
  return `${p.first.latin} ${p.last.latin}`;
}

// ---------------------------------------------------------------- dates

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Formats a date with tokens YYYY YY MM M DD D (everything else is kept as is). */
export function fmtDate(d: Date, pattern: string): string {
  return pattern.replace(/YYYY|YY|MM|DD|M|D/g, (t) => {
    switch (t) {
      case 'YYYY':
        return String(d.getUTCFullYear());
      case 'YY':
        return pad(d.getUTCFullYear() % 100);
      case 'MM':
        return pad(d.getUTCMonth() + 1);
      case 'M':
        return String(d.getUTCMonth() + 1);
      case 'DD':
        return pad(d.getUTCDate());
      default:
        return String(d.getUTCDate());
    }
  });
}

/** A day within the last `days` days before TODAY. */
export function recentDay(r: Rng, days: number): Date {
  return new Date(TODAY - r.int(0, days) * 86_400_000 - r.int(0, 86_399) * 1000);
}

export function time(d: Date, seconds = true): string {
  const t = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return seconds ? `${t}:${pad(d.getUTCSeconds())}` : t;
}

// ---------------------------------------------------------------- phones

const grp = (s: string, sizes: number[], sep = ' '): string => {
  const out: string[] = [];
  let i = 0;
  for (const n of sizes) {
    out.push(s.slice(i, i + n));
    i += n;
  }
  return out.join(sep);
};

/**
 * A mobile (or sometimes landline) number in the country's numbering plan, written the way
 * people type it: national with the trunk prefix, or international.
 */
export function phone(r: Rng, c: Country, intl = r.chance(0.3)): string {
  switch (c) {
    case 'US': {
      const area = r.pick(['212', '718', '213', '415', '312', '713', '512', '206', '303', '404', '617', '305', '602', '503', '612']);
      const ex = `${r.int(2, 9)}${r.int(0, 9)}${r.int(1, 9)}`;
      const line = r.digits(4);
      if (intl) return `+1 ${area} ${ex} ${line}`;
      return r.pick([`(${area}) ${ex}-${line}`, `${area}-${ex}-${line}`, `${area}.${ex}.${line}`, `${area}${ex}${line}`]);
    }
    case 'GB': {
      if (r.chance(0.25)) return intl ? `+44 20 ${r.int(7, 8)}${r.digits(3)} ${r.digits(4)}` : `020 ${r.int(7, 8)}${r.digits(3)} ${r.digits(4)}`;
      const sub = `7${r.pick(['4', '5', '7', '8', '9'])}${r.digits(2)}${r.digits(6)}`;
      return intl ? `+44 ${sub.slice(0, 4)} ${sub.slice(4)}` : `0${sub.slice(0, 4)} ${sub.slice(4)}`;
    }
    case 'DE': {
      const pre = r.pick(['151', '152', '160', '162', '170', '171', '176', '179']);
      const sub = r.digits(pre.startsWith('15') ? 8 : 7);
      return intl ? `+49 ${pre} ${sub}` : r.pick([`0${pre} ${sub}`, `0${pre}/${sub}`, `0${pre}-${sub}`]);
    }
    case 'FR': {
      // Mobiles 06 and 073-078, Paris landlines 014/015: the ranges actually allocated.
      const n = r.pick([`6${r.int(1, 8)}`, `7${r.int(3, 8)}`, `1${r.int(4, 5)}`]) + r.digits(7);
      return intl ? `+33 ${n[0]} ${grp(n.slice(1), [2, 2, 2, 2])}` : r.pick([`0${n[0]} ${grp(n.slice(1), [2, 2, 2, 2])}`, `0${n[0]}.${grp(n.slice(1), [2, 2, 2, 2], '.')}`, `0${n}`]);
    }
    case 'ES': {
      const n = r.chance(0.8) ? `6${r.digits(8)}` : `91${r.digits(7)}`;
      return intl ? `+34 ${grp(n, [3, 3, 3])}` : r.pick([grp(n, [3, 3, 3]), n, grp(n, [3, 2, 2, 2])]);
    }
    case 'IT': {
      const n = `${r.pick(['320', '328', '333', '338', '340', '347', '349', '380', '393'])}${r.digits(7)}`;
      return intl ? `+39 ${grp(n, [3, 3, 4])}` : r.pick([grp(n, [3, 3, 4]), `${n.slice(0, 3)}/${n.slice(3)}`, n]);
    }
    case 'NL': {
      const n = r.chance(0.8) ? `6${r.pick(['1', '2', '3', '4', '5'])}${r.digits(7)}` : `20${r.digits(7)}`;
      return intl ? `+31 ${n.startsWith('6') ? `6 ${n.slice(1)}` : `20 ${n.slice(2)}`}` : n.startsWith('6') ? `06-${n.slice(1)}` : `020-${n.slice(2)}`;
    }
    case 'BR': {
      const ddd = r.pick(['11', '21', '31', '41', '51', '71', '81', '85', '61']);
      const sub = r.chance(0.8) ? `9${r.int(6, 9)}${r.digits(7)}` : `${r.int(2, 3)}${r.digits(7)}`;
      const local = sub.length === 9 ? `${sub.slice(0, 5)}-${sub.slice(5)}` : `${sub.slice(0, 4)}-${sub.slice(4)}`;
      return intl ? `+55 ${ddd} ${local}` : r.pick([`(${ddd}) ${local}`, `${ddd} ${local}`, `${ddd}${sub}`]);
    }
    case 'IN': {
      const n = `${r.int(7, 9)}${r.digits(9)}`;
      return intl ? r.pick([`+91 ${grp(n, [5, 5])}`, `+91-${n}`]) : r.pick([`0${grp(n, [5, 5])}`, n, grp(n, [5, 5])]);
    }
    case 'JP': {
      const block = (): string => `${r.int(1, 9)}${r.digits(3)}`;
      if (r.chance(0.2)) return intl ? `+81 3-${block()}-${r.digits(4)}` : `03-${block()}-${r.digits(4)}`;
      const pre = r.pick(['90', '80', '70']);
      return intl ? `+81 ${pre}-${block()}-${r.digits(4)}` : `0${pre}-${block()}-${r.digits(4)}`;
    }
    case 'KR': {
      if (r.chance(0.15)) return `02-${r.int(2, 9)}${r.digits(2)}-${r.digits(4)}`;
      const mid = `${r.int(2, 9)}${r.digits(3)}`;
      return intl ? `+82 10-${mid}-${r.digits(4)}` : r.pick([`010-${mid}-${r.digits(4)}`, `010${mid}${r.digits(4)}`]);
    }
    case 'CN': {
      const n = `${r.pick(['138', '139', '135', '150', '186', '177', '199', '131', '158'])}${r.digits(8)}`;
      return intl ? `+86 ${grp(n, [3, 4, 4])}` : r.pick([n, n, grp(n, [3, 4, 4], '-')]);
    }
    case 'PL': {
      const n = `${r.pick(['50', '51', '53', '57', '60', '66', '69', '72', '78', '79', '88'])}${r.digits(7)}`;
      return intl ? `+48 ${grp(n, [3, 3, 3])}` : r.pick([grp(n, [3, 3, 3]), n, grp(n, [3, 3, 3], '-')]);
    }
    case 'SE': {
      const pre = r.pick(['70', '72', '73', '76', '79']);
      const sub = r.digits(7);
      return intl ? `+46 ${pre} ${grp(sub, [3, 2, 2])}` : r.pick([`0${pre}-${grp(sub, [3, 2, 2])}`, `0${pre}${sub}`, `0${pre} ${grp(sub, [3, 2, 2])}`]);
    }
    case 'ZA': {
      const pre = r.pick(['60', '61', '71', '72', '73', '76', '79', '82', '83', '84']);
      const sub = r.digits(7);
      return intl ? `+27 ${pre} ${grp(sub, [3, 4])}` : r.pick([`0${pre} ${grp(sub, [3, 4])}`, `0${pre}${sub}`]);
    }
    case 'AU': {
      const sub = `4${r.int(0, 3)}${r.digits(7)}`;
      return intl ? `+61 ${grp(sub, [3, 3, 3])}` : r.pick([`0${grp(sub, [3, 3, 3])}`, `0${sub}`, `0${grp(sub, [3, 6])}`]);
    }
  }
}

// ---------------------------------------------------------------- places

export interface Place {
  readonly city: string;
  readonly region: string;
  readonly postcode: string;
  readonly street: string;
  /** The one-line address (street, house number and unit, as the country writes it). */
  readonly line: string;
  readonly lat: number;
  readonly lon: number;
}

interface CityRow {
  readonly city: string;
  readonly region: string;
  readonly zip: string;
  readonly lat: number;
  readonly lon: number;
}
const cities = (rows: string): CityRow[] =>
  rows.split(';').map((row) => {
    const [city, region, zip, lat, lon] = row.split('|');
    return { city: city!, region: region!, zip: zip!, lat: Number(lat), lon: Number(lon) };
  });

const CITIES: Record<Country, CityRow[]> = {
  US: cities('New York|NY|100|40.71|-74.0;Brooklyn|NY|112|40.65|-73.95;Los Angeles|CA|900|34.05|-118.24;San Francisco|CA|941|37.77|-122.42;Chicago|IL|606|41.88|-87.63;Houston|TX|770|29.76|-95.37;Austin|TX|787|30.27|-97.74;Seattle|WA|981|47.61|-122.33;Denver|CO|802|39.74|-104.99;Atlanta|GA|303|33.75|-84.39;Boston|MA|021|42.36|-71.06;Miami|FL|331|25.76|-80.19;Phoenix|AZ|850|33.45|-112.07;Portland|OR|972|45.52|-122.68'),
  GB: cities('London|Greater London|SW|51.5|-0.12;London|Greater London|E|51.52|-0.05;Manchester|Greater Manchester|M|53.48|-2.24;Birmingham|West Midlands|B|52.48|-1.9;Leeds|West Yorkshire|LS|53.8|-1.55;Glasgow|Scotland|G|55.86|-4.25;Edinburgh|Scotland|EH|55.95|-3.19;Bristol|Avon|BS|51.45|-2.59;Cardiff|Wales|CF|51.48|-3.18;Liverpool|Merseyside|L|53.41|-2.98;Nottingham|Nottinghamshire|NG|52.95|-1.15'),
  DE: cities('Berlin|Berlin|10|52.52|13.4;Hamburg|Hamburg|22|53.55|9.99;München|Bayern|80|48.14|11.58;Köln|Nordrhein-Westfalen|50|50.94|6.96;Frankfurt am Main|Hessen|60|50.11|8.68;Stuttgart|Baden-Württemberg|70|48.78|9.18;Düsseldorf|Nordrhein-Westfalen|40|51.23|6.78;Leipzig|Sachsen|04|51.34|12.37;Dresden|Sachsen|01|51.05|13.74;Hannover|Niedersachsen|30|52.37|9.73;Nürnberg|Bayern|90|49.45|11.08'),
  FR: cities('Paris|Île-de-France|750|48.86|2.35;Lyon|Auvergne-Rhône-Alpes|690|45.76|4.84;Marseille|Provence-Alpes-Côte d’Azur|130|43.3|5.37;Toulouse|Occitanie|310|43.6|1.44;Bordeaux|Nouvelle-Aquitaine|330|44.84|-0.58;Lille|Hauts-de-France|590|50.63|3.06;Nantes|Pays de la Loire|440|47.22|-1.55;Strasbourg|Grand Est|670|48.57|7.75;Nice|Provence-Alpes-Côte d’Azur|060|43.7|7.27;Rennes|Bretagne|350|48.11|-1.68'),
  ES: cities('Madrid|Madrid|28|40.42|-3.7;Barcelona|Barcelona|08|41.39|2.17;Valencia|Valencia|46|39.47|-0.38;Sevilla|Sevilla|41|37.39|-5.98;Málaga|Málaga|29|36.72|-4.42;Bilbao|Bizkaia|48|43.26|-2.93;Zaragoza|Zaragoza|50|41.65|-0.88;Murcia|Murcia|30|37.99|-1.13;A Coruña|A Coruña|15|43.36|-8.41'),
  IT: cities('Roma|RM|001|41.9|12.5;Milano|MI|201|45.46|9.19;Napoli|NA|801|40.85|14.27;Torino|TO|101|45.07|7.69;Bologna|BO|401|44.49|11.34;Firenze|FI|501|43.77|11.26;Palermo|PA|901|38.12|13.36;Genova|GE|161|44.41|8.93;Bari|BA|701|41.12|16.87;Verona|VR|371|45.44|10.99'),
  NL: cities('Amsterdam|Noord-Holland|10|52.37|4.9;Rotterdam|Zuid-Holland|30|51.92|4.48;Den Haag|Zuid-Holland|25|52.08|4.3;Utrecht|Utrecht|35|52.09|5.12;Eindhoven|Noord-Brabant|56|51.44|5.48;Groningen|Groningen|97|53.22|6.57;Tilburg|Noord-Brabant|50|51.56|5.09;Almere|Flevoland|13|52.35|5.26;Breda|Noord-Brabant|48|51.59|4.78;Nijmegen|Gelderland|65|51.84|5.86'),
  BR: cities('São Paulo|SP|0|-23.55|-46.63;Rio de Janeiro|RJ|2|-22.91|-43.17;Belo Horizonte|MG|3|-19.92|-43.94;Curitiba|PR|8|-25.43|-49.27;Porto Alegre|RS|9|-30.03|-51.23;Salvador|BA|4|-12.97|-38.5;Recife|PE|5|-8.05|-34.9;Fortaleza|CE|6|-3.73|-38.52;Brasília|DF|7|-15.79|-47.88'),
  IN: cities('Mumbai|Maharashtra|400|19.08|72.88;Delhi|Delhi|110|28.61|77.21;Bengaluru|Karnataka|560|12.97|77.59;Chennai|Tamil Nadu|600|13.08|80.27;Hyderabad|Telangana|500|17.39|78.49;Pune|Maharashtra|411|18.52|73.86;Kolkata|West Bengal|700|22.57|88.36;Ahmedabad|Gujarat|380|23.02|72.57;Jaipur|Rajasthan|302|26.91|75.79;Kochi|Kerala|682|9.93|76.27'),
  JP: cities('新宿区西新宿|東京都|160|35.69|139.69;渋谷区道玄坂|東京都|150|35.66|139.7;大阪市北区梅田|大阪府|530|34.7|135.5;横浜市西区みなとみらい|神奈川県|220|35.46|139.63;名古屋市中区栄|愛知県|460|35.17|136.91;福岡市博多区博多駅前|福岡県|812|33.59|130.42;札幌市中央区北一条西|北海道|060|43.06|141.35;京都市下京区四条通|京都府|600|35.0|135.76'),
  KR: cities('강남구 테헤란로|서울특별시|06|37.5|127.04;마포구 월드컵북로|서울특별시|03|37.56|126.91;해운대구 해운대로|부산광역시|48|35.16|129.16;연수구 컨벤시아대로|인천광역시|21|37.39|126.64;수성구 달구벌대로|대구광역시|42|35.86|128.63;분당구 판교역로|경기도 성남시|13|37.39|127.11'),
  CN: cities('浦东新区世纪大道|上海市|200|31.23|121.47;朝阳区建国路|北京市|100|39.9|116.4;南山区科技园路|广东省深圳市|518|22.54|114.06;西湖区文三路|浙江省杭州市|310|30.27|120.15;武侯区人民南路|四川省成都市|610|30.66|104.07;天河区天河路|广东省广州市|510|23.13|113.26;洪山区珞喻路|湖北省武汉市|430|30.59|114.31'),
  PL: cities('Warszawa|mazowieckie|0|52.23|21.01;Kraków|małopolskie|3|50.06|19.94;Łódź|łódzkie|9|51.76|19.46;Wrocław|dolnośląskie|5|51.11|17.03;Poznań|wielkopolskie|6|52.41|16.93;Gdańsk|pomorskie|80|54.35|18.65;Szczecin|zachodniopomorskie|7|53.43|14.55;Lublin|lubelskie|20|51.25|22.57'),
  SE: cities('Stockholm|Stockholms län|11|59.33|18.07;Göteborg|Västra Götaland|41|57.71|11.97;Malmö|Skåne|21|55.6|13.0;Uppsala|Uppsala län|75|59.86|17.64;Västerås|Västmanland|72|59.61|16.55;Örebro|Örebro län|70|59.27|15.21;Linköping|Östergötland|58|58.41|15.62'),
  ZA: cities('Johannesburg|Gauteng|2|-26.2|28.05;Cape Town|Western Cape|7|-33.92|18.42;Durban|KwaZulu-Natal|4|-29.86|31.02;Pretoria|Gauteng|0|-25.75|28.19;Gqeberha|Eastern Cape|6|-33.96|25.6;Bloemfontein|Free State|9|-29.12|26.21'),
  AU: cities('Fitzroy|VIC|3065|-37.8|144.98;Bondi|NSW|2026|-33.89|151.27;Newtown|NSW|2042|-33.9|151.18;South Brisbane|QLD|4101|-27.48|153.02;Fremantle|WA|6160|-32.06|115.75;Glenelg|SA|5045|-34.98|138.51;Carlton|VIC|3053|-37.8|144.97;Surry Hills|NSW|2010|-33.89|151.21'),
};

const STREETS: Record<Country, string[]> = {
  US: ['Maple', 'Oak', 'Pine', 'Cedar', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Main', 'Sunset', 'Highland', 'Jefferson', 'Lincoln', 'Madison', 'Willow Creek'],
  GB: ['High Street', 'Church Road', 'Station Road', 'Victoria Road', 'Green Lane', 'Manor Road', 'Park Avenue', 'Kings Road', 'Queensway', 'Mill Lane', 'The Crescent', 'Westbourne Grove'],
  DE: ['Hauptstraße', 'Bahnhofstraße', 'Gartenweg', 'Schillerstraße', 'Goethestraße', 'Lindenallee', 'Am Markt', 'Berliner Straße', 'Kirchgasse', 'Friedrichstraße', 'Mozartstraße', 'Birkenweg'],
  FR: ['rue de la République', 'avenue Jean Jaurès', 'place du Marché', 'boulevard Voltaire', 'rue Victor Hugo', 'impasse des Lilas', 'rue du Général de Gaulle', 'allée des Tilleuls', 'chemin des Vignes'],
  ES: ['Calle Mayor', 'Avda. de la Constitución', 'C/ Alcalá', 'Calle Real', 'Paseo de Gracia', 'Plaza de España', 'Calle San Vicente', 'Ronda de Segovia'],
  IT: ['Via Roma', 'Corso Vittorio Emanuele II', 'Piazza Garibaldi', 'Viale dei Mille', 'Via Giuseppe Verdi', 'Via Dante Alighieri', 'Corso Italia', 'Via della Repubblica'],
  NL: ['Kerkstraat', 'Dorpsstraat', 'Prinsengracht', 'Molenweg', 'Stationsweg', 'Julianalaan', 'Beatrixstraat', 'Hoofdstraat', 'Nieuwe Binnenweg'],
  BR: ['Rua Augusta', 'Av. Paulista', 'Rua das Flores', 'Rua XV de Novembro', 'Av. Brasil', 'Rua da Consolação', 'Rua Sete de Setembro', 'Av. Getúlio Vargas'],
  IN: ['MG Road', 'Linking Road', 'Anna Salai', 'Park Street', 'Residency Road', 'Nehru Nagar Main Road', 'SV Road', 'Ring Road'],
  JP: [''],
  KR: [''],
  CN: [''],
  PL: ['ul. Marszałkowska', 'al. Jerozolimskie', 'ul. Długa', 'ul. Piotrkowska', 'ul. Floriańska', 'ul. Mickiewicza', 'ul. Słowackiego', 'os. Tysiąclecia'],
  SE: ['Storgatan', 'Drottninggatan', 'Kungsvägen', 'Sveavägen', 'Skolgatan', 'Järnvägsgatan', 'Björkvägen', 'Kyrkogatan'],
  ZA: ['Jan Smuts Ave', 'Long Street', 'Main Rd', 'Church Street', 'Voortrekker Rd', 'Oxford Rd', 'Beach Rd', 'Nelson Mandela Dr'],
  AU: ['Smith St', 'George St', 'Brunswick St', 'Oxford St', 'Beach Rd', 'Victoria Pde', 'Elizabeth St', 'King William Rd'],
};

const US_SUFFIX = ['St', 'Ave', 'Blvd', 'Rd', 'Dr', 'Ln', 'Ct', 'Way', 'Pl', 'Street', 'Avenue', 'Drive'];
const UK_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const IN_BUILDINGS = ['Lotus Residency', 'Shanti Apartments', 'Green Park Society', 'Sai Krupa', 'Ganesh Heights', 'Palm Grove'];
const JP_BUILDINGS = ['コーポ山田', 'グランドメゾン', 'サンハイツ', 'パークハウス', 'レジデンス栄'];

export function place(r: Rng, c: Country): Place {
  const row = r.pick(CITIES[c]);
  const street = r.pick(STREETS[c]);
  const no = r.int(1, 240);
  let postcode: string;
  let line: string;
  switch (c) {
    case 'US':
      postcode = row.zip + r.digits(2) + (r.chance(0.2) ? `-${r.digits(4)}` : '');
      line = `${r.int(10, 9899)} ${r.chance(0.2) ? r.pick(['N', 'S', 'E', 'W']) + ' ' : ''}${street} ${r.pick(US_SUFFIX)}${r.chance(0.2) ? r.pick([` Apt ${r.int(1, 30)}${r.pick(['A', 'B', 'C'])}`, ` Suite ${r.int(100, 900)}`, ` #${r.int(1, 50)}`]) : ''}`;
      break;
    case 'GB':
      postcode = `${row.zip}${r.int(1, 20)} ${r.int(0, 9)}${r.pick([...UK_LETTERS])}${r.pick([...UK_LETTERS])}`;
      line = r.chance(0.25) ? `Flat ${r.int(1, 12)}, ${no} ${street}` : `${no} ${street}`;
      break;
    case 'DE':
      postcode = row.zip + r.digits(3);
      line = `${street} ${no}${r.chance(0.15) ? r.pick(['a', 'b', 'c']) : ''}`;
      break;
    case 'FR':
      postcode = row.zip + (row.zip === '750' ? pad(r.int(1, 20)) : r.digits(2));
      line = `${no}${r.chance(0.1) ? ' bis' : ''} ${street}`;
      break;
    case 'ES':
      postcode = row.zip + r.digits(3);
      line = `${street}, ${no}${r.chance(0.6) ? `, ${r.int(1, 9)}º ${r.pick(['A', 'B', 'C', 'D', 'Izda.', 'Dcha.'])}` : ''}`;
      break;
    case 'IT':
      postcode = row.zip + r.digits(2);
      line = `${street}${r.chance(0.4) ? ',' : ''} ${no}`;
      break;
    case 'NL':
      postcode = `${row.zip}${r.int(10, 99)} ${r.pick(['AB', 'BK', 'CD', 'EJ', 'GH', 'KL', 'MN', 'PR', 'TV', 'XZ', 'LW'])}`;
      line = `${street} ${no}${r.chance(0.2) ? r.pick(['a', '-II', ' bis', 'hs']) : ''}`;
      break;
    case 'BR':
      postcode = `${row.zip}${r.digits(4)}-${r.digits(3)}`;
      line = `${street}, ${r.int(10, 3000)}${r.chance(0.4) ? ` - apto ${r.int(11, 184)}` : ''}`;
      break;
    case 'IN':
      postcode = row.zip + r.digits(3);
      line = `${r.chance(0.6) ? `Flat ${r.int(101, 1204)}, ${r.pick(IN_BUILDINGS)}, ` : `${no}, `}${street}`;
      break;
    case 'JP':
      postcode = `${row.zip}-${r.digits(4)}`;
      line = `${row.region}${row.city}${r.int(1, 5)}丁目${r.int(1, 30)}-${r.int(1, 20)}${r.chance(0.4) ? ` ${r.pick(JP_BUILDINGS)}${r.int(1, 9)}0${r.int(1, 9)}` : ''}`;
      break;
    case 'KR':
      postcode = row.zip + r.digits(3);
      line = `${row.region} ${row.city} ${r.int(1, 300)}${r.chance(0.5) ? `, ${r.int(1, 20)}층` : ` ${r.int(101, 120)}동 ${r.int(101, 2504)}호`}`;
      break;
    case 'CN':
      postcode = row.zip + r.digits(3);
      line = `${row.region}${row.city}${r.int(1, 999)}号${r.chance(0.5) ? `${r.int(1, 30)}栋${r.int(101, 2808)}室` : ''}`;
      break;
    case 'PL':
      postcode = `${row.zip.padEnd(2, String(r.int(0, 9)))}-${r.digits(3)}`;
      line = `${street} ${no}${r.chance(0.5) ? `/${r.int(1, 80)}` : ''}`;
      break;
    case 'SE':
      postcode = `${row.zip}${r.digits(1)} ${r.digits(2)}`;
      line = `${street} ${no}${r.chance(0.3) ? ` lgh ${r.int(1001, 1504)}` : ''}`;
      break;
    case 'ZA':
      postcode = row.zip + r.digits(3);
      line = `${no} ${street}${r.chance(0.5) ? `, ${r.pick(['Rosebank', 'Claremont', 'Sandton', 'Umhlanga', 'Hatfield', 'Observatory'])}` : ''}`;
      break;
    case 'AU':
      postcode = row.zip;
      line = `${r.chance(0.3) ? `${r.int(1, 40)}/` : ''}${no} ${street}`;
      break;
  }
  return { city: row.city, region: row.region, postcode, street, line, lat: row.lat + (r() - 0.5) * 0.2, lon: row.lon + (r() - 0.5) * 0.2 };
}

/** East Asian places keep the ward in `city`; the city a table shows is the prefecture or municipality. */
export function cityOf(p: Place, c: Country): string {
  if (c === 'CN') return p.region.replace(/^.*省/, '');
  if (c === 'JP' || c === 'KR') return p.region;
  return p.city;
}
