import { defineTexts } from '../../i18n/texts.ts'

/** The bar that says whom the citizen acts for, and the page shown when that person's rights do not cover a page. */
export const innbyggerTexts = defineTexts(
  'innbygger',
  {
    barLabel: 'Hvem du bruker tjenestene for',
    usingForSelfBefore: 'Du bruker tjenestene for ',
    yourself: 'deg selv',
    actingForBefore: 'Du handler på vegne av ',
    switchPerson: 'Bytt person',
    selfOption: '{{name}} (deg selv)',
    notCoveredTitle: 'Du kan ikke bruke {{what}} for {{name}}',
    notCoveredText: 'Fullmakten eller foreldreansvaret du har for {{name}} gjelder ikke {{what}}. Du kan bytte person øverst på siden.',
    backToHome: 'Tilbake til Min side',
  },
  {
    nn: {
      barLabel: 'Kven du bruker tenestene for',
      usingForSelfBefore: 'Du bruker tenestene for ',
      yourself: 'deg sjølv',
      actingForBefore: 'Du handlar på vegner av ',
      switchPerson: 'Byt person',
      selfOption: '{{name}} (deg sjølv)',
      notCoveredTitle: 'Du kan ikkje bruke {{what}} for {{name}}',
      notCoveredText: 'Fullmakta eller foreldreansvaret du har for {{name}}, gjeld ikkje {{what}}. Du kan byte person øvst på sida.',
      backToHome: 'Tilbake til Mi side',
    },
    en: {
      barLabel: 'Whom you are using the services for',
      usingForSelfBefore: 'You are using the services for ',
      yourself: 'yourself',
      actingForBefore: 'You are acting on behalf of ',
      switchPerson: 'Switch person',
      selfOption: '{{name}} (yourself)',
      notCoveredTitle: 'You cannot use {{what}} for {{name}}',
      notCoveredText:
        'The power of attorney or parental responsibility you have for {{name}} does not cover {{what}}. You can switch person at the top of the page.',
      backToHome: 'Back to My page',
    },
  },
)
