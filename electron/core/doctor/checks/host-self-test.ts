import { runEmulation } from '../../emulators'
import { createCanaryFile } from '../canary'
import { HOST_NOT_RUNNING, HOST_NOT_RUNNING_FIX } from '../context'
import { fail, pass, skip, warn, type CheckOutcome, type HostCheck } from './types'

// Our own host, as Collabora would use it (clients.md rows 11 and 16): a test document is opened, read, locked,
// saved and unlocked through the listener with the Collabora client emulator, which judges every answer by what
// Collabora does with it (JSON shape and types of CheckFileInfo, redirects, PutFile's answer). PostMessageOrigin
// findings are left to the host page check, which knows the page's origin. A LastModifiedTime that does not
// round-trip through the editors' timestamp echo is a warning: Collabora copes, LibreOffice Online's saves fail.

export async function selfTestWopiHost(wopiSrc: string, accessToken: string, fetchImpl?: typeof fetch): Promise<CheckOutcome> {
  const report = await runEmulation({
    editor: 'collabora',
    wopiSrc,
    accessToken,
    ...(fetchImpl ? { fetchImpl } : {}),
    options: { write: true, saves: 1, saveAs: false, rename: false, lockRefreshes: 0, timeoutMs: 10_000 },
  })
  const problems = report.steps.filter((step) => step.outcome !== 'ok' && !step.finding.startsWith('PostMessageOrigin'))
  // Not reaching the host at all is the listener check's finding, not a flaw in what the host answers.
  if (problems[0]?.finding.startsWith('the host did not answer')) {
    return skip(`The test document could not be requested: ${problems[0].finding}.`, 'See "The WOPI host answers".')
  }
  const requests = report.steps.filter((step) => step.request).length
  const timestamp = problems.filter(isTimestampFinding)
  if (problems.length > 0 && timestamp.length === problems.length) {
    return warn(
      `Saves work, but ${timestamp.map((step) => `${step.finding.startsWith(step.step) ? '' : `${step.step}: `}${step.finding} (${step.consequence})`).join('; ')}`,
      'Write LastModifiedTime with six fraction digits (microseconds) or none, and compare X-COOL-WOPI-Timestamp / X-LOOL-WOPI-Timestamp with the stored time as instants.',
    )
  }
  if (problems.length === 0) {
    return pass(
      `CheckFileInfo, GetFile, Lock, PutFile and Unlock on a test document answer the way Collabora expects (${requests} requests).`,
    )
  }
  const described = problems
    .map((step) => `${step.finding.startsWith(step.step) ? '' : `${step.step}: `}${step.finding} (${step.consequence})`)
    .join('; ')
  const save = problems.find((step) => step.step.startsWith('PutFile'))
  const fix = save
    ? 'Saving fails on this host itself: check the served folder is writable and its disk not full (see those checks), then the host log.'
    : 'The host answers in a way editors reject. If a proxy sits in front of WOPI Desk, make it pass /wopi/ through unchanged (no login page, no redirects); otherwise report it with the diagnostics report (wopi-desk report).'
  return fail(
    `${report.fatal ? 'A test document could not be opened as Collabora would' : 'The host deviates from what Collabora expects'}: ${described}`,
    fix,
  )
}

/** Findings of the emulator about a LastModifiedTime whose fraction is not 0 or 6 digits (issue 18). */
function isTimestampFinding(step: { step: string; finding: string }): boolean {
  return (
    (step.step === 'CheckFileInfo' && /LastModifiedTime .* has \d+ fraction digits?:/.test(step.finding)) ||
    step.step.startsWith('LibreOffice Online save')
  )
}

export const selfTestCheck: HostCheck = {
  id: 'host.self-test',
  title: 'The host serves a test document the way editors expect',
  scope: 'host',
  timeoutMs: 60_000,
  async run(ctx) {
    if (ctx.host.state === 'none') return skip(HOST_NOT_RUNNING, HOST_NOT_RUNNING_FIX)
    if (!ctx.desk.files.root)
      return skip('No folder is being served, so there is no place for a test document.', 'Choose the folder to serve (--root).')
    const file = await createCanaryFile(ctx.desk, ctx.random, ctx.now, { ext: 'txt', write: true })
    ctx.redact.add(file.token)
    ctx.defer(file.remove)
    return selfTestWopiHost(`${ctx.host.localBase}/wopi/files/${file.fileId}`, file.token)
  },
}
