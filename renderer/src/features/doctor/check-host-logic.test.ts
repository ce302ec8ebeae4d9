import { describe, expect, it } from 'vitest'
import type { ConformanceReport } from '../../../../electron/contract/dto'
import { casesToShow, exchangeText, headline, inputProblem } from './check-host-logic'
import { consoleResources } from '../../i18n/console-resources'
import { createI18n } from '../../i18n/create-i18n'

const english = createI18n(consoleResources, 'en')
const headlineIn = (report: ConformanceReport) => headline(report, english.t)

const report: ConformanceReport = {
  passed: 1,
  failed: 1,
  skipped: 1,
  cases: [
    { group: 'Locks', name: 'A', status: 'passed' },
    { group: 'Locks', name: 'B', status: 'skipped', message: 'prerequisite LocksPrereq failed' },
    { group: 'WopiDesk.GetLock', name: 'C', status: 'failed', message: 'GetLock → HTTP 404', suite: 'wopi-desk' },
  ],
}

describe('check another host: what is shown', () => {
  it('lists problems first, and everything on request', () => {
    expect(casesToShow(report, 'problems').map((c) => c.name)).toEqual(['C', 'B'])
    expect(casesToShow(report, 'all').map((c) => c.name)).toEqual(['C', 'B', 'A'])
  })

  it('says plainly when nothing was tested', () => {
    expect(
      headlineIn({
        ...report,
        gate: { name: 'WopiValidatorPrereq', message: 'the host did not answer WopiValidatorPrereq (ECONNREFUSED)' },
      }),
    ).toEqual({
      severity: 'error',
      text: 'Nothing after the gate was tested: the host did not answer WopiValidatorPrereq (ECONNREFUSED).',
    })
    expect(headlineIn({ passed: 0, failed: 0, skipped: 3, cases: [] }).severity).toBe('warning')
    expect(headlineIn(report).severity).toBe('error')
    expect(headlineIn({ ...report, failed: 0 }).text).toBe('Every case that ran passed.')
  })

  it('writes an exchange like validate --verbose', () => {
    expect(
      exchangeText({
        name: 'GetLock',
        method: 'POST',
        url: 'http://h/wopi/files/x?access_token=***',
        override: 'GET_LOCK',
        status: 404,
        failures: ['expected HTTP 200, got HTTP 404'],
        cleanup: false,
        requestHeaders: { 'X-WOPI-Override': 'GET_LOCK', Authorization: 'Bearer ***' },
        responseHeaders: { 'content-type': 'text/plain' },
        responseBody: 'no lock',
      }),
    ).toBe(
      [
        '> POST http://h/wopi/files/x?access_token=***',
        '>   X-WOPI-Override: GET_LOCK',
        '>   Authorization: Bearer ***',
        '< 404',
        '<   content-type: text/plain',
        '<   body: no lock',
        '! expected HTTP 200, got HTTP 404',
      ].join('\n'),
    )
  })

  it('checks the input before sending', () => {
    expect(inputProblem('', '', english.t)).toMatch(/^Enter the WOPISrc/)
    expect(inputProblem('host/wopi', 'x', english.t)).toBe('Enter an absolute http:// or https:// address.')
    expect(inputProblem('http://h/wopi/files/x?access_token=a', 'a', english.t)).toMatch(/^Remove access_token/)
    expect(inputProblem('http://h/wopi/files/x', 'a', english.t)).toBeNull()
    expect(inputProblem('https://h/host/page', '', english.t)).toBeNull()
  })
})
