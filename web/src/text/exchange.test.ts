import { describe, expect, test } from 'vitest'
import { partyLabel, processesByStandard, receiverState } from './exchange.ts'

describe('receiverState', () => {
  test.each([
    [{ status: 'failed', appRecStatus: 'Rejected', overdue: false }, 'Ikke levert', 'danger'],
    [{ status: 'rejected', appRecStatus: 'Rejected', overdue: false }, 'Avvist av mottaker', 'danger'],
    [{ status: 'acknowledged', appRecStatus: 'Ok', overdue: false }, 'Kvittert', 'success'],
    // A late positive AppRec is accepted: the receipt wins over the overdue mark.
    [{ status: 'acknowledged', appRecStatus: 'Ok', overdue: true }, 'Kvittert', 'success'],
    [{ status: 'delivered', appRecStatus: null, overdue: true }, 'Mangler kvittering', 'danger'],
    [{ status: 'delivered', appRecStatus: null, overdue: false }, 'Levert, venter på kvittering', 'info'],
    [{ status: 'received', appRecStatus: null, overdue: false }, 'Sendes', 'neutral'],
  ] as const)('%o → %s', (input, label, color) => {
    expect(receiverState(input)).toEqual({ label, color })
  })
})

test('partyLabel names the organisation after the service or person', () => {
  expect(partyLabel({ herId: 1, name: 'Hjemmesykepleien', organisationName: 'Tønsberg kommune' })).toBe('Hjemmesykepleien, Tønsberg kommune')
  expect(partyLabel({ herId: 2, name: 'Tønsberg kommune', organisationName: null })).toBe('Tønsberg kommune')
})

test('processesByStandard groups message types under their standard, in order', () => {
  const groups = processesByStandard([
    { msgType: 'DIALOG_FORESPORSEL', msgTypeName: 'Forespørsel', payloadNamespace: 'a', standardName: 'Dialogmelding 1.1' },
    { msgType: 'DIALOG_NOTAT', msgTypeName: 'Notat', payloadNamespace: 'a', standardName: 'Dialogmelding 1.1' },
    { msgType: 'EPIKRISE', msgTypeName: 'Epikrise', payloadNamespace: 'b', standardName: 'Epikrise 1.2' },
  ])
  expect(groups).toEqual([
    {
      standard: 'Dialogmelding 1.1',
      types: [
        { msgType: 'DIALOG_FORESPORSEL', name: 'Forespørsel' },
        { msgType: 'DIALOG_NOTAT', name: 'Notat' },
      ],
    },
    { standard: 'Epikrise 1.2', types: [{ msgType: 'EPIKRISE', name: 'Epikrise' }] },
  ])
})
