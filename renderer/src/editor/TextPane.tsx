import Box from '@mui/material/Box'
import { forwardRef, useRef, type KeyboardEvent } from 'react'
import { monoFontFamily } from '../components/brand'
import { useTranslation } from 'react-i18next'

// The document itself: a plain <textarea> (fast with megabytes of text, native undo, spell check off for
// data files), uncontrolled so typing never re-renders React. Tab inserts a tab; Escape then Tab leaves the
// editor, so keyboard users are never trapped.

export interface TextPaneProps {
  initialText: string
  readOnly: boolean
  wrap: boolean
  spellCheck: boolean
  onInput(): void
  onCaret(offset: number): void
}

export const TextPane = forwardRef<HTMLTextAreaElement, TextPaneProps>(function TextPane(
  { initialText, readOnly, wrap, spellCheck, onInput, onCaret },
  ref,
) {
  const { t } = useTranslation()
  const escaped = useRef(false)

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Escape') {
      escaped.current = true
      return
    }
    if (event.key === 'Tab' && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey && !readOnly && !escaped.current) {
      event.preventDefault()
      // execCommand keeps the browser's undo stack intact, unlike assigning value.
      if (!document.execCommand('insertText', false, '\t')) {
        const target = event.currentTarget
        const { selectionStart, selectionEnd, value } = target
        target.value = value.slice(0, selectionStart) + '\t' + value.slice(selectionEnd)
        target.selectionStart = target.selectionEnd = selectionStart + 1
        onInput()
      }
    }
    escaped.current = false
  }

  const caret = (event: { currentTarget: HTMLTextAreaElement }) => onCaret(event.currentTarget.selectionStart)

  return (
    <Box
      component="textarea"
      ref={ref}
      aria-label={t('editor:textLabel')}
      aria-readonly={readOnly || undefined}
      defaultValue={initialText}
      readOnly={readOnly}
      spellCheck={spellCheck}
      autoCapitalize="off"
      autoComplete="off"
      onInput={onInput}
      onKeyDown={onKeyDown}
      onKeyUp={caret}
      onClick={caret}
      onSelect={caret}
      wrap={wrap ? 'soft' : 'off'}
      sx={{
        display: 'block',
        width: '100%',
        height: '100%',
        m: 0,
        px: { xs: 2, md: 3 },
        py: 2.5,
        border: 0,
        outline: 'none',
        resize: 'none',
        bgcolor: 'background.paper',
        color: 'text.primary',
        font: `0.9rem/1.6 ${monoFontFamily}`,
        tabSize: 4,
        whiteSpace: wrap ? 'pre-wrap' : 'pre',
        overflowWrap: wrap ? 'anywhere' : 'normal',
        caretColor: (theme) => (theme.vars ?? theme).palette.primary.main,
        '&[readonly]': { bgcolor: 'background.default' },
        '&::selection': { bgcolor: 'rgba(36, 86, 196, 0.22)' },
      }}
    />
  )
})
