import type { UpdateDetailCode, UpdateStatusDto } from '../../contract/dto'

// The update status's one sentence, in English for the CLI, the log and older consoles, with the code and values a
// console words in its own language from (renderer settings.json, updates.*).

type Detail = Pick<UpdateStatusDto, 'detail' | 'detailCode' | 'detailValues'>
type DetailValues = NonNullable<UpdateStatusDto['detailValues']>

const english: Record<UpdateDetailCode, (values: DetailValues) => string> = {
  'development-build': () => 'Development build: updates are off.',
  'no-feed': () => 'This build has no update feed; install new versions by hand.',
  npm: () => 'The command line is updated through npm: npm install -g wopi-desk@latest.',
  'installs-on-quit': ({ version }) => `WOPI Desk ${version ?? ''} is installed when the app quits.`,
  'check-failed': ({ error }) => `The update check failed: ${error ?? 'no reason given'}`,
}

export function updateDetail(code: UpdateDetailCode, values: DetailValues = {}): Detail {
  return { detail: english[code](values), detailCode: code, detailValues: values }
}

/** nothing to say beyond the state */
export const NO_UPDATE_DETAIL: Detail = { detail: null, detailCode: null, detailValues: null }
