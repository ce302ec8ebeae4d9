import { describe, expect, it } from 'vitest'
import type { SessionSummaryDto } from '../../../../electron/contract/dto'
import { recentDocumentsOf } from './recent-documents'

const session = (id: string, fileId: string, fileName: string, createdAt: number): SessionSummaryDto => ({
  id,
  fileId,
  fileName,
  appName: 'Writer',
  action: 'edit',
  createdAt,
  closedAt: null,
  requests: 0,
  lastStatus: null,
})

describe('recent documents from the host’s sessions', () => {
  it('lists each document once, newest first, without removed files, up to the limit', () => {
    const sessions = [
      session('1', 'f1', 'Reports/Q3.odt', 100),
      session('2', 'f2', 'notes.txt', 300),
      session('3', 'f1', 'Reports/Q3.odt', 200),
      session('4', 'f3', '(removed file)', 400),
      session('5', 'f4', 'a.docx', 50),
    ]
    expect(recentDocumentsOf(sessions)).toEqual([
      { path: 'notes.txt', name: 'notes.txt', appName: 'Writer', openedAt: 300 },
      { path: 'Reports/Q3.odt', name: 'Q3.odt', appName: 'Writer', openedAt: 200 },
      { path: 'a.docx', name: 'a.docx', appName: 'Writer', openedAt: 50 },
    ])
    expect(recentDocumentsOf(sessions, 1).map((document) => document.path)).toEqual(['notes.txt'])
    expect(recentDocumentsOf([])).toEqual([])
  })
})
