import { describe, expect, it } from 'vitest'
import { createI18n } from '../i18n/create-i18n'
import { hostResources } from '../i18n/host-resources'
import { diagnose, type DiagnosisInput } from './likely-causes'
import { timedOutCollaboraOpen as base } from './test-support/diagnosis-input'

const { t } = createI18n(hostResources, 'en')

const ids = (input: Partial<DiagnosisInput>) => diagnose({ ...base, ...input }, t).causes.map((cause) => cause.id)

describe('likely causes (clients.md section 1)', () => {
  it('when the editor never called the host: reachability first, then Collabora alias groups', () => {
    const diagnosis = diagnose(base, t)
    expect(diagnosis.title).toBe('Writer did not finish opening report.docx')
    expect(diagnosis.evidence).toBe('WOPI Desk received no request from Collabora Online (127.0.0.1:9980) for this document.')
    expect(diagnosis.causes.map((cause) => cause.id).slice(0, 3)).toEqual(['host-unreachable', 'collabora-alias', 'editor-unreachable'])
    const unreachable = diagnosis.causes[0]!
    expect(unreachable.row).toBe(2)
    expect(unreachable.detail).toContain('127.0.0.1 and localhost mean that machine itself')
    expect(unreachable.fix).toContain('http://host.docker.internal:17890')
    expect(diagnosis.causes[1]!.fix).toContain('aliasgroup1=http://127.0.0.1:17890')
    expect(diagnosis.causes.at(-1)!.id).toBe('doctor')
  })

  it('when the editor read the document: WebSocket, framing and PostMessage, not reachability', () => {
    const list = ids({
      requests: [
        { operation: 'CheckFileInfo', status: 200, error: null },
        { operation: 'GetFile', status: 200, error: null },
      ],
    })
    expect(list.slice(0, 3)).toEqual(['websocket', 'frame-ancestors', 'postmessage-origin'])
    expect(list).not.toContain('host-unreachable')
    expect(list).not.toContain('collabora-alias')
    expect(diagnose({ ...base, requests: [{ operation: 'CheckFileInfo', status: 200, error: null }] }, t).evidence).toContain(
      'read the document (CheckFileInfo)',
    )
  })

  it('names the request the host refused, with what to do', () => {
    const diagnosis = diagnose(
      {
        ...base,
        requests: [{ operation: 'CheckFileInfo', status: 500, error: 'proof check failed: signature did not verify' }],
      },
      t,
    )
    expect(diagnosis.causes[0]).toMatchObject({ id: 'host-refused', row: 9, title: "WOPI Desk refused the editor's CheckFileInfo request" })
    expect(diagnosis.causes[0]!.fix).toContain('proof keys')
    expect(diagnose({ ...base, requests: [{ operation: 'Lock', status: 409, error: null }] }, t).causes[0]!.row).toBe(13)
  })

  it("puts the editor's own load error first: websocketconnectionfailed is the proxy row", () => {
    const diagnosis = diagnose(
      {
        ...base,
        trigger: { type: 'load-error', errorType: 'websocketconnectionfailed', errorMsg: 'Failed to establish socket connection' },
        requests: null,
      },
      t,
    )
    expect(diagnosis.title).toBe('Writer could not open report.docx')
    expect(diagnosis.editorSaid).toBe('Failed to establish socket connection')
    expect(diagnosis.causes[0]).toMatchObject({ id: 'websocket', row: 6 })
  })

  it('tells a page opened under another origin that the editor talks to PostMessageOrigin only', () => {
    const list = ids({ pageOrigin: 'http://localhost:17890' })
    expect(list[0]).toBe('postmessage-origin')
    expect(diagnose({ ...base, pageOrigin: 'http://localhost:17890' }, t).causes[0]!.detail).toContain('http://localhost:17890')
  })

  it('adapts to the editor kind', () => {
    expect(ids({ kind: 'onlyoffice', requests: null })).not.toContain('collabora-alias')
    expect(ids({ kind: 'onlyoffice', requests: null })).toContain('websocket')
    expect(ids({ kind: 'office', requests: null })).toContain('office-editing')
    expect(ids({ kind: 'office', action: 'view', requests: null })).not.toContain('office-editing')
    expect(ids({ kind: 'builtin' })[0]).toBe('builtin-restarted')
    expect(ids({ editorOrigin: 'https://docs.example', requests: null })).toContain('mixed-content')
    const remoteHost = diagnose({ ...base, wopiBase: 'http://192.168.1.20:17890' }, t).causes[0]!
    expect(remoteHost.detail).not.toContain('mean that machine itself')
    expect(remoteHost.fix).toContain('curl http://192.168.1.20:17890')
  })

  it('reports a Failed status with the reason', () => {
    const diagnosis = diagnose({ ...base, trigger: { type: 'failed', reason: 'This file is not a document.' } }, t)
    expect(diagnosis.editorSaid).toBe('This file is not a document.')
  })
})
