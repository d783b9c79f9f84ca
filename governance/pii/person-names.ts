/**
 * Does a value read as a person's name? Shape (one to four capitalised words, or
 * "Last, First M", or an airline's "LAST/FIRST MR") is necessary but proves little —
 * "Ergonomic Steel Chair" has it too — so a column's values must also hit a list of
 * common given names and surnames from the countries our users sell in.
 *
 * The lists are common names only (a few hundred each), written for this module: enough
 * for a share of a column's values to hit, which is all the column-level rule needs.
 */

const GIVEN = `
james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle noah ethan jeremy walter christian keith roger terry austin sean gerald carl harold dylan arthur lawrence jordan jesse bryan billy bruce gabriel joe logan albert willie alan eugene russell vincent philip bobby johnny bradley roy ralph louis harry oliver leo oscar archie charlie freddie alfie theo lucas liam mason elijah
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean abigail alice judy sophia grace denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany charlotte marie kayla alexis lori ava mia amelia isla poppy ella lily chloe ruby jessica sophie lucy zoe
hans peter klaus jürgen juergen wolfgang michael thomas andreas stefan frank uwe dieter günter gunter horst werner manfred bernd ralf jan tobias florian lukas felix maximilian paul leon finn jonas elias niklas moritz tim lena hannah lea leonie anna laura julia sarah lisa katharina sabine petra monika ursula renate heike birgit claudia susanne andrea nicole stefanie melanie marie sophie emilia mia emma lina johanna greta frieda
jean pierre michel philippe alain jacques bernard patrick nicolas christophe françois francois eric laurent frédéric frederic olivier sébastien sebastien julien thomas antoine maxime alexandre hugo louis gabriel arthur raphaël raphael jules adam marie nathalie isabelle sylvie catherine françoise francoise martine christine sandrine valérie valerie céline celine julie camille léa lea manon chloé chloe inès ines jade louise alice zoé élise elise
aarav vivaan aditya vihaan arjun sai reyansh ayaan krishna ishaan rahul amit rajesh suresh ramesh sanjay vijay anil sunil deepak manoj ravi arun ajay vikram rohit karan nikhil abhishek priya pooja neha anjali sunita anita kavita sneha divya deepika aishwarya lakshmi sita gita meera radha ananya diya saanvi aadhya kiara isha riya shreya
joão joao josé jose antônio antonio francisco carlos paulo pedro lucas luiz marcos luis gabriel rafael daniel marcelo bruno eduardo felipe rodrigo gustavo guilherme matheus thiago leonardo miguel arthur heitor davi bernardo maria ana francisca antônia antonia adriana juliana márcia marcia fernanda patrícia patricia aline sandra camila amanda bruna jéssica jessica letícia leticia júlia julia beatriz larissa mariana gabriela vitória vitoria helena alice valentina laura
jack william oliver noah thomas james lachlan cooper charlie riley liam ethan joshua mitchell harley jackson hunter lucas max samuel isabella chloe olivia mia ava emily sophie grace ruby zoe charlotte matilda harper amelia isla sienna   jessica kayla
antonio manuel josé jose francisco david juan javier daniel carlos jesús jesus alejandro miguel rafael pablo sergio álvaro alvaro adrián adrian diego lucía lucia maría maria carmen ana isabel laura cristina marta elena pilar sara paula raquel rosa alba
giuseppe giovanni antonio mario luigi francesco angelo vincenzo pietro salvatore carlo franco domenico bruno paolo michele giorgio aldo sergio luca marco andrea alessandro matteo lorenzo leonardo davide federico maria anna giuseppina rosa angela giovanna teresa lucia carmela caterina francesca chiara giulia sofia aurora alice ginevra elena martina valentina
jan pieter hendrik johannes cornelis willem gerrit daan sem lucas levi finn milan bram thijs ruben jesse lars kees anna maria emma julia sophie tess sanne lotte fleur lisa eva iris noor saar mila
`;

const FAMILY = `
smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez
jones williams taylor davies evans thomas johnson roberts walker wright robinson thompson white hughes edwards green hall wood harris lewis martin jackson clarke clark turner hill scott cooper morris ward moore king watson baker harrison morgan patel young allen mitchell james anderson phillips lee bell parker davis miller shaw
müller mueller schmidt schneider fischer weber meyer wagner becker schulz hoffmann schäfer schaefer koch bauer richter klein wolf schröder schroeder neumann schwarz zimmermann braun krüger krueger hofmann hartmann lange schmitt werner schmitz krause meier lehmann schmid schulze maier köhler koehler herrmann könig koenig walter mayer huber kaiser fuchs peters lang scholz möller moeller weiß weiss jung hahn keller vogel friedrich günther guenther berger frank roth beck lorenz baumann franke albrecht winkler ludwig
martin bernard thomas petit robert richard durand dubois moreau laurent simon michel lefebvre leroy roux david bertrand morel fournier girard bonnet dupont lambert fontaine rousseau vincent muller lefevre faure andre mercier blanc guerin boyer garnier chevalier francois legrand gauthier garcia perrin robin clement morin nicolas henry roussel mathieu gautier masson marchand duval denis dumont marie lemaire noel meyer dufour meunier brun blanchard giraud joly riviere lucas brunet gaillard barbier arnaud martinez gerard roche renard schmitt roy leroux colin vidal caron picard roger fabre aubert lemoine renaud dumas lacroix olivier philippe bourgeois pierre benoit rey leclerc payet rolland leclercq guillaume lecomte lopez jean dupuy guillot hubert berger carpentier sanchez dupuis moulin louis deschamps huet vasseur perez boucher fleury royer klein jacquet adam paris poirier marty aubry guyot carre charles renault charpentier menard maillard baron bertin bailly herve schneider fernandez le collet leger bouvier julien prevost millet perrot daniel cousin germain breton besson langlois remy pelletier leveque perrier leblanc barre lebrun marchal weber mallet hamon boulanger jacob monnier michaud rodriguez guichard gillet etienne grondin poulain tessier chevallier collin chauvin da bouchet gay lemaitre benard marechal humbert reynaud antoine hoarau perret barthelemy cordier pichon lejeune gilbert lamy delaunay pasquier carlier laporte
sharma verma gupta singh kumar patel shah mehta joshi reddy rao nair iyer pillai menon das bose banerjee chatterjee mukherjee ghosh sen dutta roy chowdhury bhattacharya agarwal aggarwal jain malhotra kapoor khanna chopra arora bhatia saxena mishra pandey tiwari dubey yadav chauhan thakur rajput naidu krishnan subramanian   ganguly kulkarni deshpande desai
silva santos oliveira souza sousa rodrigues ferreira alves pereira lima gomes costa ribeiro martins carvalho almeida lopes soares fernandes vieira barbosa rocha dias nascimento andrade moreira nunes marques machado mendes freitas cardoso ramos gonçalves goncalves santana teixeira araújo araujo melo castro pinto correia moraes cavalcanti batista monteiro campos
garcía garcia rodríguez rodriguez gonzález gonzalez fernández fernandez lópez lopez martínez martinez sánchez sanchez pérez perez gómez gomez martín martin jiménez jimenez ruiz hernández hernandez díaz diaz moreno muñoz munoz álvarez alvarez romero alonso gutiérrez gutierrez navarro torres domínguez dominguez vázquez vazquez ramos gil ramírez ramirez serrano blanco molina morales suárez suarez ortega delgado castro ortiz rubio marín marin sanz núñez nunez iglesias medina garrido cortés cortes castillo santos lozano guerrero cano prieto méndez mendez cruz calvo gallego vidal león leon márquez marquez herrera peña pena flores cabrera campos vega fuentes carrasco diez caballero reyes nieto aguilar pascual santana herrero lorenzo montero hidalgo giménez gimenez ibáñez ibanez ferrer durán duran santiago benítez benitez mora vicente vargas arias carmona crespo román roman pastor soto sáez saez velasco moya soler parra esteban bravo gallardo rojas
rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti de costa giordano mancini rizzo lombardi moretti barbieri fontana santoro mariani rinaldi caruso ferrara galli martini leone longo gentile martinelli vitale lombardo serra coppola de santis d'angelo marchetti parisi villa conte ferraro ferri fabbri bianco marini grasso valentini messina sala de luca gatti pellegrini palumbo sanna farina rizzi monti cattaneo morelli amato silvestri mazza testa grassi pellegrino carbone giuliani benedetti barone rossetti caputo montanari guerra palmieri bernardi martino fiore de rosa ferretti bellini basile riva donati piras vitali battaglia sartori neri costantini milani pagano ruggiero sorrentino d'amico orlando damico negri   
de jong jansen de vries van den berg van dijk bakker janssen visser smit meijer de boer mulder de groot bos vos peters hendriks van leeuwen dekker brouwer de wit dijkstra smits de graaf van der meer van der linden kok jacobs de haan vermeulen van den heuvel van der veen van den broek de bruijn de bruin van der heijden schouten van beek willems van vliet van de ven hoekstra maas verhoeven koster van dam van der wal prins blom huisman peeters de ruiter kuipers   
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao kim lee park choi jung kang cho yoon jang lim tanaka suzuki takahashi watanabe ito yamamoto nakamura kobayashi sato nguyen tran le pham hoang phan vu dang bui do ho ngo duong ly
o'brien o'connor o'neill murphy kelly walsh byrne ryan o'sullivan doyle mccarthy gallagher o'donnell lynch quinn macdonald campbell stewart robertson thomson anderson macleod
`;

function wordSet(text: string): ReadonlySet<string> {
  return new Set(text.split(/\s+/).filter((w) => w !== ''));
}

const GIVEN_NAMES = wordSet(GIVEN);
const FAMILY_NAMES = wordSet(FAMILY);

/** Honorifics and particles that may surround a name without being one. */
const TITLES = new Set('mr mrs ms miss mx dr prof sir dame herr frau m mme mlle sr sra srta sig sig.ra dott ing mag'.split(' '));
const PARTICLES = new Set("de da di del della van von der den du le la dos das do y e bin ibn al el".split(' '));

/** Words that make a capitalised phrase a company, product or place, not a person. */
const NOT_A_PERSON = new Set(
  `inc llc ltd limited plc gmbh ag kg ug sa sas sarl srl spa bv nv oy ab co corp corporation company group holdings partners associates and & services solutions
   systems technologies consulting bank studio shop store hotel restaurant cafe club school university college hospital clinic foundation trust
   street road avenue lane drive city town county state north south east west nord süd sud ost bad neu alt sankt lake port mount fort new san santa saint st
   chair table shirt shoes steel wooden plastic cotton granite rubber frozen fresh soft`.split(/\s+/),
);

const WORD = /^[\p{Lu}\p{Ll}][\p{L}'’.-]*$/u;

export type NameLook = 'listed' | 'shaped' | undefined;

/**
 * 'listed' when the value is name-shaped and a word of it is a common given name or
 * surname, 'shaped' when only the shape fits, undefined when it is not a name.
 */
/** A Japanese or Chinese name: family and given name in kanji or kana, 1–4 characters each. */
const CJK_NAME = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{1,4}(?:[\s\u3000][\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{1,4})?$/u;

/** A Korean name: two to four Hangul syllables (family name first, usually written without a space). */
const HANGUL_NAME = /^\p{Script=Hangul}{1,2}\s?\p{Script=Hangul}{1,3}$/u;
export function personNameLook(value: string): NameLook {
  let v = value.trim();
  // No list can say a kanji pair is a name rather than a word: shaped, for a column named so.
  if (CJK_NAME.test(v) || HANGUL_NAME.test(v)) return 'shaped';
  if (v.length < 2 || v.length > 60 || /\d|@|_|\/\/|[()[\]{}<>|#$%*+=;]/.test(v)) return undefined;
  // Airline style 'SMITH/JOHN MR' and 'Last, First M' read as first-last.
  v = v.replace(/\//g, ' ').replace(/,/g, ' ');
  const words = v.split(/\s+/).filter((w) => w !== '');
  if (words.length === 0 || words.length > 5) return undefined;
  let core = 0;
  let listed = false;
  for (const w of words) {
    const lower = w.toLowerCase().replace(/\.$/, '');
    if (NOT_A_PERSON.has(lower)) return undefined;
    if (TITLES.has(lower) || PARTICLES.has(lower)) continue;
    if (/^\p{Lu}\.?$/u.test(w)) continue; // a middle initial
    if (!WORD.test(w)) return undefined;
    core++;
    for (const part of lower.split(/[-'’]/)) if (GIVEN_NAMES.has(part) || FAMILY_NAMES.has(part)) listed = true;
  }
  if (core === 0 || core > 4) return undefined;
  // A single unlisted word ('willaroo', 'Dormagen') is as likely a place or a thing: 'shaped'
  // counts only where the column's name already says name.
  return listed ? 'listed' : 'shaped';
}
