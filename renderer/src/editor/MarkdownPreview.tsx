import Box from '@mui/material/Box'
import Markdown, { type Components } from 'react-markdown'
import remarkGfm from 'remark-gfm'
import { memo } from 'react'
import { monoFontFamily } from '../components/brand'
import { useTranslation } from 'react-i18next'

// Markdown preview, safe by default: react-markdown renders no raw HTML (no rehype-raw), drops
// javascript: URLs, and images other than data: URLs become a labelled placeholder (the page's CSP would
// block them anyway, and a preview must not call out to the network).

const components: Components = {
  a: ({ node: _node, href, children, ...rest }) => (
    <a {...rest} href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
  img: ({ src, alt }) =>
    typeof src === 'string' && src.startsWith('data:image/') ? (
      <img src={src} alt={alt ?? ''} />
    ) : (
      <ImagePlaceholder src={typeof src === 'string' ? src : undefined} alt={alt} />
    ),
}

/** Only embedded images are shown: a link to one elsewhere would let the document call out when previewed. */
function ImagePlaceholder({ src, alt }: { src: string | undefined; alt: string | undefined }) {
  const { t } = useTranslation()
  return (
    <span className="image-placeholder" title={src}>
      {alt ? t('editor:preview.imageNamed', { alt }) : t('editor:preview.image')}
    </span>
  )
}

function MarkdownPreviewImpl({ text }: { text: string }) {
  return (
    <Box
      className="markdown-preview"
      sx={{
        px: { xs: 2.5, md: 4 },
        py: 3,
        maxWidth: 860,
        mx: 'auto',
        fontSize: '0.95rem',
        lineHeight: 1.65,
        color: 'text.primary',
        wordWrap: 'break-word',
        '& h1, & h2, & h3, & h4, & h5, & h6': { lineHeight: 1.25, mt: 3, mb: 1.5, fontWeight: 650 },
        '& h1': { fontSize: '1.9em', pb: 0.75, borderBottom: 1, borderColor: 'divider', mt: 0 },
        '& h2': { fontSize: '1.45em', pb: 0.5, borderBottom: 1, borderColor: 'divider' },
        '& h3': { fontSize: '1.2em' },
        '& p, & ul, & ol, & blockquote, & pre, & table': { mt: 0, mb: 2 },
        '& ul, & ol': { pl: 3.5 },
        '& li + li': { mt: 0.5 },
        '& li > input[type=checkbox]': { mr: 1, verticalAlign: 'middle' },
        '& a': { color: 'primary.main' },
        '& code': {
          fontFamily: monoFontFamily,
          fontSize: '0.86em',
          px: 0.6,
          py: 0.2,
          borderRadius: 1,
          bgcolor: 'action.hover',
        },
        '& pre': { p: 2, borderRadius: 1.5, overflow: 'auto', bgcolor: 'action.hover' },
        '& pre code': { p: 0, bgcolor: 'transparent', fontSize: '0.85em', lineHeight: 1.5 },
        '& blockquote': { m: 0, mb: 2, pl: 2, borderLeft: 4, borderColor: 'divider', color: 'text.secondary' },
        '& hr': { border: 0, borderTop: 1, borderColor: 'divider', my: 3 },
        '& table': { borderCollapse: 'collapse', display: 'block', overflowX: 'auto', maxWidth: '100%' },
        '& th, & td': { border: 1, borderColor: 'divider', px: 1.5, py: 0.75, textAlign: 'left' },
        '& th': { fontWeight: 650, bgcolor: 'action.hover' },
        '& img': { maxWidth: '100%' },
        '& .image-placeholder': {
          display: 'inline-block',
          px: 1,
          py: 0.25,
          border: 1,
          borderStyle: 'dashed',
          borderColor: 'divider',
          borderRadius: 1,
          color: 'text.secondary',
          fontSize: '0.85em',
        },
      }}
    >
      <Markdown remarkPlugins={[remarkGfm]} components={components}>
        {text}
      </Markdown>
    </Box>
  )
}

const MarkdownPreview = memo(MarkdownPreviewImpl)
export default MarkdownPreview
