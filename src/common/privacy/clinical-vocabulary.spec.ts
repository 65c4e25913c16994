import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  CODE_LIST,
  clinicalEntries,
  findClinicalTerms,
  WORD_LISTS,
} from './clinical-vocabulary.js';

/** What an occupational doctor, a physiotherapist or HR writes when they keep to the rules. */
const FUNCTIONAL_TEXTS = [
  'back to work',
  'Back to work on Monday, mornings only',
  'step back from the conveyor every hour',
  'terug naar het werk',
  'Terugkeer in eigen werk, 4 uur per dag',
  'le dossier',
  'Retour au travail le 7 décembre, dossier suivi par la RH',
  'rugby',
  'rooster',
  'Nieuw rooster: vroege dienst',
  'coupe',
  'beaucoup de coupes de cheveux',
  '15 kg',
  'room 12',
  '2 x 30 minutes',
  'ladder',
  'forklift',
  '2026-12-07',
  '07/12/2026',
  '7 December 2026',
  '14:30',
  'No lifting above 15 kg; no work on a ladder; forklift allowed',
  'Geen tillen boven 10 kg, niet op de ladder, geen heftruck',
  'Pas de port de charges de plus de 10 kg, pas d’échelle, pas de chariot élévateur',
  'Loading the van',
  'Library duty instead of playground duty',
  'Sit-stand desk in the staff room',
  'Team lead, Campus Noord',
  'Lifting pupils',
  'no lifting above shoulder height',
  'werken boven schouderhoogte vermijden',
  'pas de travail au-dessus des épaules ni à genoux',
  'chair with lumbar support and a wrist rest',
  'knee pads for floor work',
  'couper le pain et préparer les pains au chocolat',
  'repeat x10 per hour',
  'tighten the M12 bolts',
  'meeting in room B12, lokaal A14 or salle C12',
  'drive the A12 motorway',
  'Nederlands op C1-niveau',
  'bottleneck at the packing line',
  'screen work 2 x 45 minutes with a break',
  'hals over kop vertrekken',
];

const run = promisify(execFile);

describe('clinical vocabulary', () => {
  it('finds diagnoses, body regions, symptoms and care in English, as written and in order', () => {
    expect(
      findClinicalTerms(
        'Avoid tasks that load the L5 disc herniation: sciatica and low back pain; tendinitis of the shoulder after surgery',
      ),
    ).toEqual([
      'L5',
      'disc herniation',
      'sciatica',
      'low back pain',
      'tendinitis',
      'shoulder',
      'surgery',
    ]);
    expect(findClinicalTerms('Frozen shoulder, rotator cuff impingement, whiplash')).toEqual([
      'Frozen shoulder',
      'rotator cuff',
      'impingement',
      'whiplash',
    ]);
    expect(findClinicalTerms('burn-out and depression; anxiety; numbness and dizziness')).toEqual([
      'burn-out',
      'depression',
      'anxiety',
      'numbness',
      'dizziness',
    ]);
  });

  it('finds them in Dutch, compounds included', () => {
    expect(
      findClinicalTerms('Discushernia met ischias; lage rugpijn en nekklachten na de operatie'),
    ).toEqual(['Discushernia', 'ischias', 'lage rugpijn', 'nekklachten', 'operatie']);
    expect(
      findClinicalTerms('Geen werk met de schouder: frozen shoulder, artrose, depressie'),
    ).toEqual(['schouder', 'frozen shoulder', 'artrose', 'depressie']);
    expect(findClinicalTerms('Fractuur van de wervel, tumor, kanker, angst, burn-out')).toEqual([
      'Fractuur',
      'wervel',
      'tumor',
      'kanker',
      'angst',
      'burn-out',
    ]);
  });

  it('finds them in French, with or without accents', () => {
    expect(
      findClinicalTerms('Hernie discale avec sciatique; douleur au bas du dos et au cou'),
    ).toEqual(['Hernie discale', 'sciatique', 'douleur', 'bas du dos', 'cou']);
    expect(findClinicalTerms("Tendinite de l'épaule, capsulite, TUMEUR, depression")).toEqual([
      'Tendinite',
      'épaule',
      'capsulite',
      'TUMEUR',
      'depression',
    ]);
    expect(findClinicalTerms('EPAULE gelee; oedeme du genou; colonne vertebrale')).toEqual([
      'EPAULE gelee',
      'oedeme',
      'genou',
      'colonne vertebrale',
    ]);
  });

  it('finds the instruments, their scores and red flags in every language', () => {
    expect(
      findClinicalTerms(
        'STarT Back high risk, Örebro 62 (OMPSQ), Oswestry/ODI 40%, Neck Disability Index, NDI 18, PSFS 4, NRS pain score 7',
      ),
    ).toEqual([
      'STarT Back',
      'Örebro',
      'OMPSQ',
      'Oswestry',
      'ODI',
      'Neck Disability Index',
      'NDI',
      'PSFS',
      'NRS',
      'pain score',
    ]);
    expect(findClinicalTerms('red flag / rode vlag / drapeau rouge; ÖMPSQ')).toEqual([
      'red flag',
      'rode vlag',
      'drapeau rouge',
      'ÖMPSQ',
    ]);
  });

  it('finds ICD-10 and ICPC-2 codes and vertebral levels', () => {
    expect(findClinicalTerms('M51.1 and M54.5; ICPC L03, L86; F32')).toEqual([
      'M51.1',
      'M54.5',
      'L03',
      'L86',
      'F32',
    ]);
    expect(findClinicalTerms('L5, L5-S1, C6-C7, Th12, L4/L5, C5/6, T12-L1')).toEqual([
      'L5',
      'L5-S1',
      'C6-C7',
      'Th12',
      'L4/L5',
      'C5/6',
      'T12-L1',
    ]);
  });

  it('holds every code pattern to its examples, and leaves codes naming rooms, roads and bolts', () => {
    for (const pattern of CODE_LIST.patterns) {
      for (const example of pattern.examples) {
        expect([pattern.name, findClinicalTerms(`see ${example}.`)]).toEqual([
          pattern.name,
          [example],
        ]);
      }
      for (const text of pattern.notMatching) {
        expect([pattern.name, text, findClinicalTerms(text)]).toEqual([pattern.name, text, []]);
      }
    }
    expect(findClinicalTerms('room B12, M12 bolts, niveau C1, E40 autoroute')).toEqual([]);
    expect(findClinicalTerms('B12 deficiency, code M12')).toEqual(['B12', 'M12']);
  });

  it('ignores case and accents, matches whole words and phrases only', () => {
    expect(findClinicalTerms('HERNIA, Hernia, hernia')).toEqual(['HERNIA']);
    expect(findClinicalTerms('Épaule, épaule, epaule')).toEqual(['Épaule']);
    expect(findClinicalTerms('herniated discs; nerves; burn out')).toEqual([
      'herniated discs',
      'nerves',
      'burn out',
    ]);
    expect(findClinicalTerms("golfer’s elbow and golfer's elbow")).toEqual(['golfer’s elbow']);
    for (const text of [
      'bottleneck',
      'terug',
      'dossier',
      'coupe',
      'rugby',
      'painting',
      'spineless',
    ])
      expect([text, findClinicalTerms(text)]).toEqual([text, []]);
  });

  it('finds nothing in ordinary functional text', () => {
    for (const text of FUNCTIONAL_TEXTS)
      expect([text, findClinicalTerms(text)]).toEqual([text, []]);
    expect(findClinicalTerms('')).toEqual([]);
  });

  it('keeps its word lists usable: each entry finds itself, each file says how to edit it', () => {
    for (const list of WORD_LISTS) {
      expect(list.about.length).toBeGreaterThan(100);
      const entries = clinicalEntries(list);
      expect(entries.length).toBeGreaterThan(20);
      const folded = entries.map((entry) =>
        entry.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase(),
      );
      // A duplicate is harmless but says the file was edited without reading it.
      expect([list.language, folded.filter((entry, i) => folded.indexOf(entry) !== i)]).toEqual([
        list.language,
        [],
      ]);
      for (const entry of entries) {
        expect([list.language, entry, findClinicalTerms(entry)]).toEqual([
          list.language,
          entry,
          [entry],
        ]);
      }
      // An exception is a phrase that finds nothing, though a word of it would.
      for (const phrase of list.functionalPhrases ?? []) {
        expect([phrase, findClinicalTerms(phrase)]).toEqual([phrase, []]);
      }
    }
  });

  it('ships its word lists in the build: the compiled module finds them under Node', async () => {
    const built = resolve('dist/src/common/privacy/clinical-vocabulary.js');
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `const { findClinicalTerms } = await import(${JSON.stringify(built)});
       process.stdout.write(JSON.stringify(findClinicalTerms('hernie discale, rugpijn, M54.5')));`,
    ]);
    expect(JSON.parse(stdout)).toEqual(['hernie discale', 'rugpijn', 'M54.5']);
  });
});
