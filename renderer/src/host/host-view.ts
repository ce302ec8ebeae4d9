import type { TFunction } from 'i18next'
import type { VersionDto } from '../../../electron/contract/dto'
import type { HostPageData } from '../../../electron/contract/host-page'
import { formatBytes, formatDateTime } from '../components/format'
import { appMark, el, icon } from './dom'
import type { HostView, LoadingStage, VersionsState } from './host-session'
import type { Diagnosis } from './likely-causes'

// The host page's DOM: a slim bar (what is open, in which app, Edit/Versions/Close) and a stage that belongs
// to the editor frame. Overlays sit on the stage: loading, "what probably went wrong" (the frame stays
// visible behind it), the versions panel, and the closed view.

export interface ViewActions {
  close(): void
  edit(): void
  openVersions(): void
  closeVersions(): void
  dismissProblem(): void
  retry(): void
}

export interface HostDom extends HostView {
  /** where the editor iframe goes */
  stage: HTMLElement
}

const STAGE_TEXT = {
  connecting: 'host:stage.connecting',
  'loading-editor': 'host:stage.loadingEditor',
  'loading-document': 'host:stage.loadingDocument',
  slow: 'host:stage.slow',
} as const satisfies Record<LoadingStage, string>

const VERSION_REASONS: Record<string, `host:versionReasons.${string}`> = {
  'put-file': 'host:versionReasons.putFile',
  overwrite: 'host:versionReasons.overwrite',
  restore: 'host:versionReasons.restore',
  conflict: 'host:versionReasons.conflict',
}

function modeLabel(data: HostPageData, t: TFunction): string {
  if (data.action === 'editnew') return t('host:mode.new')
  if (data.canWrite) return t('host:mode.editing')
  return data.mayWrite ? t('host:mode.viewing') : t('host:mode.readOnly')
}

export function createHostDom(root: HTMLElement, data: HostPageData, actions: ViewActions, t: TFunction): HostDom {
  const fileName = el('span', { class: 'file-name', title: data.fileName }, data.fileName)
  const editButton =
    !data.canWrite && data.mayWrite && data.action !== 'editnew'
      ? el('button', { type: 'button', class: 'text-btn' }, icon('edit', 18), t('host:edit'))
      : null
  editButton?.addEventListener('click', () => actions.edit())
  const versionsButton = el(
    'button',
    { type: 'button', class: 'icon-btn', title: t('host:versions'), 'aria-label': t('host:versions') },
    icon('history'),
  )
  versionsButton.addEventListener('click', () => actions.openVersions())
  const closeButton = el(
    'button',
    { type: 'button', class: 'icon-btn', title: t('host:closeDocument'), 'aria-label': t('host:closeDocument') },
    icon('close'),
  )
  closeButton.addEventListener('click', () => actions.close())

  const chip = el('span', { class: `chip ${data.canWrite ? 'chip-edit' : 'chip-view'}` }, modeLabel(data, t))
  const bar = el(
    'header',
    { class: 'bar' },
    el(
      'div',
      { class: 'bar-id' },
      appMark(data.iconUrl, 20),
      fileName,
      el('span', { class: 'app-name', title: data.endpointName }, data.appName),
      chip,
    ),
    el('div', { class: 'bar-actions' }, editButton, versionsButton, closeButton),
  )

  const stage = el('main', { class: 'stage' })

  // ---------- loading ----------
  const stageText = el('p', { class: 'muted', role: 'status', 'aria-live': 'polite' }, t(STAGE_TEXT.connecting))
  const stageNote = el('p', { class: 'note' })
  const loading = el(
    'div',
    { class: 'overlay overlay-solid', 'data-testid': 'loading' },
    el(
      'div',
      { class: 'loading-card' },
      appMark(data.iconUrl, 48),
      el('h1', {}, t('host:opening', { name: data.fileName })),
      el('p', { class: 'muted' }, t('host:inApp', { app: data.appName })),
      el('div', { class: 'spinner', 'aria-hidden': 'true' }),
      stageText,
      stageNote,
    ),
  )

  // ---------- problem ----------
  const problem = el('div', { class: 'overlay overlay-dim', 'data-testid': 'problem', hidden: true })

  // ---------- versions ----------
  const versionsBody = el('div', { class: 'panel-body' })
  const versionsClose = el(
    'button',
    { type: 'button', class: 'icon-btn', title: t('host:closeVersions'), 'aria-label': t('host:closeVersions') },
    icon('close'),
  )
  versionsClose.addEventListener('click', () => actions.closeVersions())
  const versions = el(
    'aside',
    { class: 'panel', 'aria-label': t('host:versions'), 'data-testid': 'versions', hidden: true },
    el('div', { class: 'panel-head' }, el('h2', {}, t('host:versions')), versionsClose),
    versionsBody,
  )

  const notice = el('div', { class: 'notice', role: 'status', hidden: true })
  stage.append(loading, problem, versions, notice)

  const closed = el('section', { class: 'closed', 'data-testid': 'closed', hidden: true })
  root.append(bar, stage, closed)

  let noticeTimer: number | undefined

  function renderProblem(diagnosis: Diagnosis): void {
    const show = el('button', { type: 'button', class: 'btn btn-primary' }, t('host:problem.showAnyway'))
    show.addEventListener('click', () => actions.dismissProblem())
    const retry = el('button', { type: 'button', class: 'btn' }, t('common:actions.tryAgain'))
    retry.addEventListener('click', () => actions.retry())
    const close = el('button', { type: 'button', class: 'btn' }, t('common:actions.close'))
    close.addEventListener('click', () => actions.close())
    // The two likeliest causes are open; the rest wait behind one click, so the card stays short.
    const causeItem = (cause: Diagnosis['causes'][number]) =>
      el(
        'li',
        { 'data-cause': cause.id },
        el('h3', {}, cause.title),
        el('p', {}, cause.detail),
        el('p', { class: 'fix' }, el('strong', {}, t('host:problem.whatToDo')), cause.fix),
      )
    const list = el('ol', { class: 'causes' }, ...diagnosis.causes.slice(0, 2).map(causeItem))
    const rest = diagnosis.causes.slice(2)
    const more =
      rest.length > 0
        ? el(
            'details',
            { class: 'more-causes' },
            el('summary', {}, t('host:problem.moreCauses', { count: rest.length })),
            el('ol', { class: 'causes', start: '3' }, ...rest.map(causeItem)),
          )
        : null
    problem.replaceChildren(
      el(
        'div',
        { class: 'problem-card', role: 'alertdialog', 'aria-labelledby': 'problem-title', 'aria-describedby': 'problem-lead' },
        el(
          'div',
          { class: 'problem-head' },
          el('span', { class: 'problem-icon' }, icon('warning', 22)),
          el('h1', { id: 'problem-title' }, diagnosis.title),
        ),
        el(
          'div',
          { id: 'problem-lead' },
          diagnosis.editorSaid ? el('p', { class: 'editor-said' }, t('host:problem.editorSaid', { said: diagnosis.editorSaid })) : null,
          diagnosis.evidence ? el('p', {}, diagnosis.evidence) : null,
          el('p', { class: 'muted' }, t('host:problem.likelyFirst')),
        ),
        list,
        more,
        el(
          'dl',
          { class: 'facts' },
          el('dt', {}, t('host:problem.editor')),
          el('dd', {}, data.editorOrigin),
          el('dt', {}, t('host:problem.wopiHost')),
          el('dd', {}, data.wopiBase),
          el('dt', {}, t('host:problem.thisPage')),
          el('dd', {}, data.hostOrigin),
        ),
        el('div', { class: 'actions' }, show, retry, close),
      ),
    )
    loading.hidden = true
    problem.hidden = false
    problem.scrollTop = 0
    show.focus({ preventScroll: true })
  }

  function renderVersions(state: VersionsState): void {
    if (state.kind === 'loading') {
      versionsBody.replaceChildren(el('p', { class: 'muted' }, t('host:versionsPanel.reading')))
      return
    }
    if (state.kind === 'error') {
      versionsBody.replaceChildren(el('p', { class: 'error' }, state.message))
      return
    }
    const note = el('p', { class: 'note' }, t('host:versionsPanel.note'))
    if (data.consoleUrl) {
      note.append(' ', el('a', { href: data.consoleUrl, target: '_blank', rel: 'noopener noreferrer' }, t('host:openDesk')))
    }
    if (state.versions.length === 0) {
      versionsBody.replaceChildren(el('p', {}, t('host:versionsPanel.none')), note)
      return
    }
    const list = el('ul', { class: 'version-list' })
    for (const version of state.versions as VersionDto[]) {
      list.append(
        el(
          'li',
          {},
          el('span', { class: 'version-when' }, formatDateTime(version.createdAt)),
          el('span', { class: 'muted' }, `${reasonText(version.reason)} · ${formatBytes(version.size)} · ${version.name}`),
        ),
      )
    }
    versionsBody.replaceChildren(list, note)
  }

  function reasonText(reason: string): string {
    const key = VERSION_REASONS[reason]
    return key ? t(key) : reason
  }

  return {
    stage,
    showLoading(stage, note) {
      stageText.textContent = t(STAGE_TEXT[stage])
      stageNote.textContent = note ?? ''
      loading.hidden = false
    },
    showReady() {
      loading.hidden = true
      problem.hidden = true
    },
    showProblem: renderProblem,
    showVersions(state) {
      renderVersions(state)
      versions.hidden = false
      versionsButton.setAttribute('aria-expanded', 'true')
    },
    hideVersions() {
      versions.hidden = true
      versionsButton.setAttribute('aria-expanded', 'false')
    },
    showViewOnly(reason) {
      chip.textContent = t('host:mode.readOnly')
      chip.className = 'chip chip-view'
      chip.title = reason
      chip.setAttribute('aria-label', t('host:readOnlyBecause', { reason }))
    },
    setFileName(name) {
      fileName.textContent = name
      fileName.title = name
      document.title = `${name} – ${data.appName}`
    },
    showNotice(text) {
      notice.textContent = text
      notice.hidden = false
      window.clearTimeout(noticeTimer)
      noticeTimer = window.setTimeout(() => (notice.hidden = true), 6000)
    },
    showClosed() {
      const name = fileName.textContent ?? data.fileName
      closed.replaceChildren(
        el(
          'div',
          { class: 'closed-card' },
          el('span', { class: 'closed-icon' }, icon('done', 40)),
          el('h1', {}, t('host:closed.title', { name })),
          el('p', { class: 'muted' }, t('host:closed.body')),
          data.consoleUrl ? el('p', {}, el('a', { class: 'btn btn-primary', href: data.consoleUrl }, t('host:closed.back'))) : null,
        ),
      )
      stage.hidden = true
      chip.className = 'chip'
      chip.textContent = t('host:mode.closed')
      for (const button of [editButton, versionsButton, closeButton]) if (button) button.disabled = true
      closed.hidden = false
    },
  }
}
