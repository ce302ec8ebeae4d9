import { createServer } from 'node:net'
import { englishText, type Translate } from './main-i18n'

// The WOPI host keeps its port across launches because editors' allow-lists name the host's address. When another
// program holds it, the app does not move silently (the editors would refuse it) nor just quit: it explains what
// the allow-list needs and offers a free port for this launch.

export interface PortTakenAsker {
  showMessageBox(options: {
    type: 'warning'
    title: string
    message: string
    detail: string
    buttons: string[]
    defaultId: number
    cancelId: number
    noLink: boolean
  }): Promise<{ response: number }>
}

export type PortTakenAnswer = { kind: 'use'; port: number } | { kind: 'quit' }

/** Whether a TCP port can be listened on at the address. */
export function canListen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)))
  })
}

/** The first free port after `taken` (skipping the built-in editor's usual neighbour), or null within `tries`. */
export async function nextFreePort(
  taken: number,
  isFree: (port: number) => Promise<boolean> = canListen,
  tries = 20,
): Promise<number | null> {
  for (let port = taken + 1; port <= Math.min(taken + tries, 65535); port++) {
    if (port === 17891) continue // the built-in editor's default port
    if (await isFree(port)) return port
  }
  return null
}

export function portTakenMessage(
  taken: number,
  alternative: number | null,
  bindHost = '127.0.0.1',
  t: Translate = englishText,
): { message: string; detail: string; buttons: string[] } {
  const allowList = t('portTaken.allowList', { host: bindHost, port: taken })
  const detail = alternative
    ? t('portTaken.alternative', { allowList, host: bindHost, alternative, port: taken })
    : t('portTaken.noAlternative', { allowList, port: taken })
  return {
    message: t('portTaken.message', { port: taken }),
    detail,
    buttons: alternative ? [t('portTaken.use', { alternative }), t('portTaken.quit')] : [t('portTaken.quit')],
  }
}

export async function askAboutTakenPort(
  dialog: PortTakenAsker,
  taken: number,
  isFree?: (port: number) => Promise<boolean>,
  t: Translate = englishText,
): Promise<PortTakenAnswer> {
  const alternative = await nextFreePort(taken, isFree)
  const { message, detail, buttons } = portTakenMessage(taken, alternative, '127.0.0.1', t)
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: 'WOPI Desk',
    message,
    detail,
    buttons,
    defaultId: 0,
    cancelId: buttons.length - 1,
    noLink: true,
  })
  return alternative && response === 0 ? { kind: 'use', port: alternative } : { kind: 'quit' }
}
