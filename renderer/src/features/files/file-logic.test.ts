import { describe, expect, it } from 'vitest'
import type { EndpointDto, HandlerDto } from '../../../../electron/contract/dto'
import { consoleResources } from '../../i18n/console-resources'
import { createI18n } from '../../i18n/create-i18n'
import {
  breadcrumbTrail,
  checkDocumentName,
  documentFileName,
  folderDisplayName,
  isLockActive,
  lockHolder,
  newDocumentTemplates,
  openChoices,
  parentDir,
  versionReasonKey,
} from './file-logic'

const english = createI18n(consoleResources, 'en')

describe('paths', () => {
  it('builds the breadcrumb trail', () => {
    expect(breadcrumbTrail('')).toEqual([])
    expect(breadcrumbTrail('Reports/2024')).toEqual([
      { name: 'Reports', dir: 'Reports' },
      { name: '2024', dir: 'Reports/2024' },
    ])
  })

  it('finds the parent folder and the root name', () => {
    expect(parentDir('Reports/2024/a.docx')).toBe('Reports/2024')
    expect(parentDir('a.docx')).toBe('')
    expect(folderDisplayName('/home/alex/Shared docs/', english.t)).toBe('Shared docs')
    expect(folderDisplayName('C:\\Users\\alex\\Documents', english.t)).toBe('Documents')
    expect(folderDisplayName('', english.t)).toBe('Served folder')
    expect(folderDisplayName('', createI18n(consoleResources, 'de').t)).toBe('Freigegebener Ordner')
  })
})

describe('versions', () => {
  it('says in words why a version was kept', () => {
    expect(versionReasonKey('put-file')).toBe('files:versions.reasons.putFile')
    expect(versionReasonKey('restore')).toBe('files:versions.reasons.restore')
    expect(versionReasonKey('something-new')).toBeNull()
  })
})

describe('locks', () => {
  it('names the holder and knows when a lock is over', () => {
    expect(lockHolder({ lockId: 'x', client: 'Collabora Online', expiresAt: 10 }, 'an editor')).toBe('Collabora Online')
    expect(lockHolder({ lockId: '', client: null, expiresAt: 10, desktopOwner: 'Alex (LibreOffice)' }, 'an editor')).toBe(
      'Alex (LibreOffice)',
    )
    expect(lockHolder({ lockId: 'x', client: null, expiresAt: 10 }, 'an editor')).toBe('an editor')
    expect(isLockActive({ lockId: 'x', client: null, expiresAt: 100 }, 50)).toBe(true)
    expect(isLockActive({ lockId: 'x', client: null, expiresAt: 100 }, 150)).toBe(false)
    expect(isLockActive({ lockId: '', client: null, expiresAt: 0, desktopOwner: 'Alex' }, 150)).toBe(true)
    expect(isLockActive(null, 0)).toBe(false)
  })
})

describe('openChoices', () => {
  const handler = (appId: string, actions: string[], isDefault = false): HandlerDto => ({
    appId,
    appName: appId,
    endpointId: 'e',
    endpointName: 'Editor',
    iconUrl: null,
    actions,
    isDefault,
  })

  it('puts the default app first, edit before view, and leaves out non-opening actions', () => {
    const choices = openChoices([handler('calc', ['view', 'edit', 'editnew', 'convert']), handler('excel', ['embedview', 'edit'], true)])
    expect(choices.map((choice) => `${choice.appId}:${choice.action}`)).toEqual(['excel:edit', 'excel:embedview', 'calc:edit', 'calc:view'])
  })

  it('is empty when nothing opens the file', () => {
    expect(openChoices([handler('x', ['editnew'])])).toEqual([])
  })
})

describe('new documents', () => {
  it('checks names the way file systems will', () => {
    expect(checkDocumentName('  Plan Q4 ', english.t)).toBeNull()
    expect(checkDocumentName('', english.t)).toMatch(/Enter a name/)
    expect(checkDocumentName('Plan: Q4', english.t)).toMatch(/cannot contain/)
    expect(checkDocumentName('a/b', english.t)).toMatch(/cannot contain/)
    expect(checkDocumentName('draft.', english.t)).toMatch(/end with a dot/)
    expect(checkDocumentName('CON', english.t)).toMatch(/reserved/)
    expect(checkDocumentName('CON', createI18n(consoleResources, 'de').t)).toBe(
      '„CON“ ist unter Windows reserviert. Wählen Sie einen anderen Namen.',
    )
    expect(checkDocumentName('x'.repeat(201), english.t)).toMatch(/200 characters/)
  })

  it('adds the extension once', () => {
    expect(documentFileName('Budget', 'xlsx')).toBe('Budget.xlsx')
    expect(documentFileName('Budget.XLSX', 'xlsx')).toBe('Budget.XLSX')
  })

  it('offers each app and extension with a supported editnew action', () => {
    const endpoints = [
      {
        id: 'oo',
        name: 'ONLYOFFICE',
        enabled: true,
        apps: [
          {
            id: 'word',
            name: 'Word',
            iconUrl: null,
            enabled: true,
            present: true,
            actions: [
              { name: 'editnew', ext: 'docx', requires: [], isDefault: false, supported: true },
              { name: 'editnew', ext: 'docx', requires: [], isDefault: false, supported: true },
              { name: 'edit', ext: 'docx', requires: [], isDefault: true, supported: true },
            ],
          },
          {
            id: 'pp',
            name: 'PowerPoint',
            iconUrl: null,
            enabled: false,
            present: true,
            actions: [{ name: 'editnew', ext: 'pptx', requires: [], isDefault: false, supported: true }],
          },
          {
            id: 'cell',
            name: 'Excel',
            iconUrl: null,
            enabled: true,
            present: true,
            actions: [{ name: 'editnew', ext: 'xlsx', requires: ['cobalt'], isDefault: false, supported: false }],
          },
        ],
      },
    ] as unknown as EndpointDto[]
    expect(newDocumentTemplates(endpoints)).toEqual([
      { key: 'word:docx', appId: 'word', appName: 'Word', endpointName: 'ONLYOFFICE', iconUrl: null, ext: 'docx' },
    ])
  })
})
