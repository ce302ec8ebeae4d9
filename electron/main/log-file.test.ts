import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LOG_FILE_NAME, openLogFile, teeToLogFile } from './log-file'

const dirs: string[] = []
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wopi-desk-logs-'))
  dirs.push(dir)
  return join(dir, 'logs')
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('the log file', () => {
  it('creates the logs folder and appends lines', () => {
    const dir = freshDir()
    const file = openLogFile({ dir })
    file.write('first')
    file.write('second')
    expect(file.path).toBe(join(dir, LOG_FILE_NAME))
    expect(readFileSync(file.path, 'utf8')).toBe('first\nsecond\n')
  })

  it('never writes a token: lines pass the diagnostics report’s redactor', () => {
    const file = openLogFile({ dir: freshDir() })
    const token = 'Zq8xR2mT7vLp4Kw9Nd3Hs6Bj1Fc5Gy0QaXeUoIi'
    file.write(`GET /wopi/files/abc?access_token=${token} answered 401`)
    file.write(`editor said {"access_token":"${token}"}`)
    const text = readFileSync(file.path, 'utf8')
    expect(text).not.toContain(token)
    expect(text).toContain('access_token=<redacted>')
  })

  it('rotates by size and keeps only the newest files', () => {
    const dir = freshDir()
    const file = openLogFile({ dir, maxBytes: 20, keep: 2 })
    for (const line of ['line-1-aaaaaaaa', 'line-2-bbbbbbbb', 'line-3-cccccccc', 'line-4-dddddddd']) file.write(line)
    expect(readdirSync(dir).sort()).toEqual(['wopi-desk.1.log', 'wopi-desk.2.log', 'wopi-desk.log'])
    expect(readFileSync(join(dir, 'wopi-desk.log'), 'utf8')).toBe('line-4-dddddddd\n')
    expect(readFileSync(join(dir, 'wopi-desk.1.log'), 'utf8')).toBe('line-3-cccccccc\n')
    expect(readFileSync(join(dir, 'wopi-desk.2.log'), 'utf8')).toBe('line-2-bbbbbbbb\n')
  })

  it('continues the size count of a file left by an earlier run', () => {
    const dir = freshDir()
    openLogFile({ dir, maxBytes: 20 }).write('earlier-run-line')
    openLogFile({ dir, maxBytes: 20 }).write('this-run-line')
    expect(existsSync(join(dir, 'wopi-desk.1.log'))).toBe(true)
  })

  it('tees lines to stderr and the file', () => {
    const file = openLogFile({ dir: freshDir() })
    const stderr: string[] = []
    teeToLogFile(file, (line) => stderr.push(line))('hello')
    expect(stderr).toEqual(['hello'])
    expect(readFileSync(file.path, 'utf8')).toBe('hello\n')
  })
})
