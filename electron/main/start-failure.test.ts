import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DB_FILE_NAME, openDb } from '../core/db/open-db'
import { createSettingsRepo } from '../core/db/settings-repo'
import { createMainI18n, englishText, type Translate } from './main-i18n'
import { reportStartFailure, textBeforeTheDesk, ToldTheUser } from './start-failure'

// Node's own build of better-sqlite3: what the checked Electron addon is to the app.
const nodeAddon = join(__dirname, '..', '..', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')

function outputs(logFile: { path: string } | null = { path: '/home/me/.config/WOPI Desk/logs/wopi-desk.log' }) {
  const said = { stderr: [] as string[], log: [] as string[], boxes: [] as { title: string; content: string }[] }
  return {
    said,
    outputs: {
      stderr: { write: (text: string) => said.stderr.push(text) },
      logFile: logFile && { path: logFile.path, write: (line: string) => void said.log.push(line) },
      dialog: { showErrorBox: (title: string, content: string) => void said.boxes.push({ title, content }) },
    },
  }
}

describe('a failed start', () => {
  it('says why on the terminal and in the log in English, and in a box in the chosen language', () => {
    const { said, outputs: to } = outputs()
    reportStartFailure(new Error('The served folder /srv/gone does not exist.'), to, () => createMainI18n('de', () => []).t)
    expect(said.stderr).toEqual(['WOPI Desk could not start: The served folder /srv/gone does not exist.\n'])
    expect(said.log).toEqual(['WOPI Desk could not start: The served folder /srv/gone does not exist.'])
    expect(said.boxes).toEqual([
      {
        title: 'WOPI Desk konnte nicht starten',
        content:
          'The served folder /srv/gone does not exist.\n\nDieselbe Meldung steht im Protokoll: /home/me/.config/WOPI Desk/logs/wopi-desk.log',
      },
    ])
  })

  it('says in the box that there is no log when it could not be written, in Chinese too', () => {
    const { said, outputs: to } = outputs(null)
    reportStartFailure(new Error('disk full'), to, () => createMainI18n('zh-Hans', () => []).t)
    expect(said.stderr).toEqual(['WOPI Desk could not start: disk full\n'])
    expect(said.boxes).toHaveLength(1)
    expect(said.boxes[0]!.title).toBe('WOPI Desk 无法启动')
    expect(said.boxes[0]!.content).toMatch(/^disk full\n\nWOPI Desk 也无法写入其日志/)
  })

  it('shows no box for a failure the user was told about already, and still writes the line', () => {
    const { said, outputs: to } = outputs()
    reportStartFailure(new ToldTheUser('port 17890 is in use'), to, () => englishText)
    expect(said.stderr).toEqual(['WOPI Desk could not start: port 17890 is in use\n'])
    expect(said.log).toEqual(['WOPI Desk could not start: port 17890 is in use'])
    expect(said.boxes).toEqual([])
  })

  it('falls back to English when the language cannot be worked out, and reports what is not an Error', () => {
    const { said, outputs: to } = outputs()
    const broken: () => Translate = () => {
      throw new Error('no language')
    }
    reportStartFailure('the addon is missing', to, broken)
    expect(said.stderr).toEqual(['WOPI Desk could not start: the addon is missing\n'])
    expect(said.boxes).toEqual([
      {
        title: 'WOPI Desk could not start',
        content: 'the addon is missing\n\nThe same message is in the log: /home/me/.config/WOPI Desk/logs/wopi-desk.log',
      },
    ])
  })
})

describe('the text before the desk opens', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wopi-desk-start-failure-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('speaks the language stored in Settings', () => {
    const db = openDb(join(dir, DB_FILE_NAME))
    createSettingsRepo(db).set('language', 'de')
    db.close()
    const t = textBeforeTheDesk({ dataDir: dir, sqliteAddon: nodeAddon, systemLanguages: () => ['zh-Hans-CN'] })
    expect(t('startFailed.title')).toBe('WOPI Desk konnte nicht starten')
  })

  it('follows the system when no language is stored yet, or the database cannot be read', async () => {
    const first = textBeforeTheDesk({ dataDir: dir, sqliteAddon: nodeAddon, systemLanguages: () => ['zh-Hans-CN'] })
    expect(first('startFailed.title')).toBe('WOPI Desk 无法启动')
    await writeFile(join(dir, DB_FILE_NAME), 'this is not a SQLite database, but it is long enough to have a header....')
    const unreadable = textBeforeTheDesk({ dataDir: dir, sqliteAddon: nodeAddon, systemLanguages: () => ['de-DE'] })
    expect(unreadable('startFailed.title')).toBe('WOPI Desk konnte nicht starten')
  })

  it('is English without a usable SQLite addon, whatever is stored or the system speaks', () => {
    const db = openDb(join(dir, DB_FILE_NAME))
    createSettingsRepo(db).set('language', 'de')
    db.close()
    const t = textBeforeTheDesk({ dataDir: dir, sqliteAddon: null, systemLanguages: () => ['de-DE'] })
    expect(t('startFailed.title')).toBe('WOPI Desk could not start')
  })
})
