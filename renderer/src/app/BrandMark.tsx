import Box from '@mui/material/Box'

/** The product mark: a page with a pen stroke, drawn with CSS so the console loads no image for it. */
export function BrandMark() {
  return (
    <Box
      aria-hidden
      sx={{
        width: 28,
        height: 28,
        borderRadius: 1.5,
        background: 'linear-gradient(135deg, #2456c4 0%, #6d4bc3 100%)',
        display: 'grid',
        placeItems: 'center',
        color: '#fff',
        fontWeight: 800,
        fontSize: 13,
        letterSpacing: '-0.04em',
        boxShadow: '0 1px 2px rgba(0,0,0,0.2)',
      }}
    >
      W
    </Box>
  )
}
